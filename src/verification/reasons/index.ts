/** The report as data (issue 13): reason ids, their catalogues in en and zh-CN, and rendering. */
export { LANGUAGES, type Catalogue, type Language } from './catalogue';
export {
  reason,
  REASON_PARAMS,
  type ParamKind,
  type ParamsOf,
  type Reason,
  type ReasonId,
} from './ids';
export { localizeDocumentView, localizeReport } from './localize';
export { subIndicationReason } from './sub-indication';
export { CATALOGUES, checkName, languageOf, renderReason, type RenderOptions } from './render';

/**
 * A report in the reader's language: every check's name and message, the summary, the
 * sub-indication's sentence and the registered document's verdict rendered from their reasons. Ids, statuses, reasons and
 * every other field stay as they are, so the same verification reads the same in each language
 * but for its sentences.
 */
import type { PublicDocumentView } from '../../documents';
import type { Check, VerificationReport } from '../report';
import type { Language } from './catalogue';
import { reason } from './ids';
import { checkName, renderReason } from './render';
import { subIndicationReason } from './sub-indication';

function localizeCheck(language: Language, check: Check): Check {
  return {
    ...check,
    name: checkName(language, check.id),
    message: renderReason(language, check.reason),
  };
}

/** A registered document's public view with its verdict's sentence in `language`. */
export function localizeDocumentView(
  view: PublicDocumentView,
  language: Language,
): PublicDocumentView {
  return {
    ...view,
    verdict: { ...view.verdict, message: renderReason(language, view.verdict.reason) },
  };
}

export function localizeReport(report: VerificationReport, language: Language): VerificationReport {
  const { status, registered } = report.document;
  return {
    ...report,
    summary: renderReason(language, report.summaryReason),
    ...(report.subIndication && {
      subIndicationMessage: renderReason(language, subIndicationReason(report.subIndication)),
    }),
    signatures: report.signatures.map((s) => ({
      ...s,
      checks: s.checks.map((c) => localizeCheck(language, c)),
    })),
    document: {
      ...report.document,
      ...(registered && { registered: localizeDocumentView(registered, language) }),
      status: status && localizeCheck(language, status),
    },
    law: {
      ...report.law,
      conditions: report.law.conditions.map((c) => ({
        ...c,
        title: renderReason(language, reason(`law.condition_${c.condition}`)),
        message: renderReason(language, c.reason),
      })),
      note: renderReason(language, report.law.noteReason),
    },
  };
}

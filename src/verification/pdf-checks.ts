/**
 * The checks a PDF container adds to those of its CMS (ETSI EN 319 142-1, ISO 32000-1 12.8):
 * - format: a PAdES baseline level (6.3: SubFilter ETSI.CAdES.detached, signing-certificate-v2,
 *   no signing-time attribute since the time is /M; B-LT when validation data is in the DSS or
 *   the CMS; B-LTA when a later document time-stamp covers it), else a plain CMS signature;
 * - byte range: the signature covers its whole revision except its own /Contents (12.8.1);
 * - changes after signing: later incremental updates only add signatures, their fields and
 *   validation data (12.8.2.2 and ETSI EN 319 142-1 5.4; core/pades/changes.ts classifies them);
 * - trailing data: bytes after the last revision's %%EOF (7.5.5) that no signature covers.
 */
import type { SignedDataView, SignerInfoView } from '../core/cms';
import type { PdfSignature } from '../core/pades';
import { checkFormat, type FormatResult } from './format';
import { reason, type Reason } from './reasons';
import {
  failed,
  indeterminate,
  outcome,
  type CheckOutcome,
  type PdfChangeSummary,
  type PdfSignaturePlace,
} from './report';
import type { SignatureResult } from './signature-validation';

/** SubFilters whose CMS is detached over the ByteRange (ISO 32000-1 12.8.3.3, ETSI EN 319 142-1). */
export const CMS_SUBFILTERS = ['ETSI.CAdES.detached', 'adbe.pkcs7.detached'];

/** Changes listed in a report; a hostile file may hold thousands. */
export const MAX_REPORTED_CHANGES = 100;

/** Changes described in a check's message. */
const MAX_DESCRIBED = 3;

export function pdfPlace(signature: PdfSignature): PdfSignaturePlace {
  return {
    field: signature.fieldName,
    subFilter: signature.subFilter,
    byteRange: signature.byteRange,
    signedBytes: signature.revisionEnd,
    changesAfter: signature.changesAfter
      .slice(0, MAX_REPORTED_CHANGES)
      .map((c): PdfChangeSummary => ({
        revision: c.revision,
        objectNumber: c.objectNumber,
        action: c.action,
        kind: c.kind,
        allowed: c.allowed,
        description: c.description,
      })),
    changesAfterCount: signature.changesAfter.length,
  };
}

/** What the PDF around a signature adds to its level (ETSI EN 319 142-1 6.3, table 1). */
export interface PdfLevelEvidence {
  /** The DSS holds revocation data (B-LT). */
  validationData: boolean;
  /** A later document time-stamp covers the signature's validation data (B-LTA). */
  archived: boolean;
}

function levelOf(cadesFormat: string, pdf: PdfLevelEvidence): string {
  if (cadesFormat === 'CAdES-BASELINE-B') return 'B';
  if (cadesFormat !== 'CAdES-BASELINE-LT' && !pdf.validationData) return 'T';
  return pdf.archived ? 'LTA' : 'LT';
}

/** ETSI EN 319 102-1 5.2.2 for a signature in a PDF: the CMS's structure, in PAdES's terms. */
export function checkPdfFormat(
  cms: SignedDataView,
  signerInfo: SignerInfoView,
  signature: PdfSignature,
  level: PdfLevelEvidence,
): FormatResult {
  const cades = checkFormat(cms, signerInfo);
  if (cades.outcome.verdict) return cades;
  const field = signature.fieldName;
  const isPadesBaseline =
    signature.subFilter === 'ETSI.CAdES.detached' &&
    cades.format !== 'CMS' &&
    signerInfo.signingTime === undefined;
  if (isPadesBaseline) {
    const format = `PAdES-BASELINE-${levelOf(cades.format, level)}`;
    return {
      format,
      outcome: outcome('format', 'passed', reason('format.pades', { format, field })),
    };
  }
  const why: Reason =
    signature.subFilter === undefined
      ? reason('pades.subfilter_missing')
      : signature.subFilter !== 'ETSI.CAdES.detached'
        ? reason('pades.subfilter', { subFilter: signature.subFilter })
        : signerInfo.signingTime !== undefined
          ? reason('pades.signing_time_attribute')
          : reason('pades.no_signing_certificate_v2');
  return {
    format: 'CMS',
    outcome: outcome('format', 'passed', reason('format.pdf_cms', { field, why })),
  };
}

/** ISO 32000-1 12.8.1, ETSI EN 319 142-1 6.3: the whole revision is signed but /Contents. */
export function checkByteRange(signature: PdfSignature): CheckOutcome {
  if (signature.coversWholeRevision) {
    return outcome(
      'byte_range',
      'passed',
      reason('byte_range.whole_revision', { bytes: signature.revisionEnd }),
    );
  }
  return outcome(
    'byte_range',
    'failed',
    reason('byte_range.wrong', { detail: signature.problems.join(' ') }),
    failed('FORMAT_FAILURE'),
  );
}

const ALLOWED_KINDS: Record<string, Reason> = {
  signature: reason('change.signature'),
  'signature-field': reason('change.signature_field'),
  dss: reason('change.dss'),
  structure: reason('change.structure'),
};

/** What later incremental updates changed: nothing, or only what a signed PDF may gain. */
export function checkChangesAfter(signature: PdfSignature): CheckOutcome {
  const changes = signature.changesAfter;
  if (changes.length === 0) {
    return outcome('changes_after', 'passed', reason('changes.none'));
  }
  const refused = changes.filter((c) => !c.allowed);
  if (refused.length === 0) {
    const kinds = [...new Set(changes.map((c) => c.kind))].map(
      (kind) => ALLOWED_KINDS[kind] ?? reason('change.other', { kind }),
    );
    return outcome('changes_after', 'passed', reason('changes.allowed', { kinds }));
  }
  const detail = refused
    .slice(0, MAX_DESCRIBED)
    .map((c) => c.description)
    .join(' ');
  const bytes = signature.revisionEnd;
  const more = refused.length - MAX_DESCRIBED;
  return outcome(
    'changes_after',
    'failed',
    more > 0
      ? reason('changes.refused_more', { detail, more, bytes })
      : reason('changes.refused', { detail, bytes }),
    indeterminate('SIG_CONSTRAINTS_FAILURE'),
  );
}

/**
 * ISO 32000-1 7.5.5: a file ends with `%%EOF`. Bytes after the last revision are no revision and
 * no signature covers them; readers ignore them unless they rebuild the file's cross-reference
 * table, in which case an object there is refused as a change (core/pades/unlisted-objects.ts).
 * A warning, which leaves the indication as it is, added after the changes check of `result`.
 */
export function withTrailingData(result: SignatureResult, trailingBytes: number): SignatureResult {
  if (trailingBytes === 0) return result;
  const check = outcome(
    'trailing_data',
    'warning',
    reason('trailing_data.after_eof', { bytes: trailingBytes }),
  ).check;
  const checks = [...result.report.checks];
  const after = checks.findIndex((c) => c.id === 'changes_after');
  checks.splice(after < 0 ? checks.length : after + 1, 0, check);
  return { ...result, report: { ...result.report, checks } };
}

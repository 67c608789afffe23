/**
 * The report as a whole (SPEC.md "Verification"): the worst signature decides the indication
 * (ETSI EN 319 102-1 5.1.3), and a summary in a sentence or two says why, for a citizen.
 */
import type { HashName } from '../core/algorithms';
import { checkDocumentStatus } from './acceptance';
import { hexOf, type DocumentDigests } from './document';
import { DOCUMENT_TIMESTAMP_FORMAT } from './document-timestamp';
import { lawSection } from './law';
import { reason, renderReason, type Reason } from './reasons';
import { worstOf, type VerificationReport } from './report';
import type { SignatureResult } from './signature-validation';

/** The document's digest for the report: under the signature's hash when known, else SHA-256. */
export function documentDigest(
  document: DocumentDigests | undefined,
  preferred: HashName | undefined,
): VerificationReport['document']['digest'] {
  if (!document) return undefined;
  const order = [preferred, 'sha256', 'sha384', 'sha512'] as (HashName | undefined)[];
  for (const hash of order) {
    const value = hash && document.digests[hash];
    if (hash && value) return { algorithm: hash, value: hexOf(value) };
  }
  return undefined;
}

/** The signer's name (a valid signature always has one, from its certificate). */
function signerOf(result: SignatureResult): string {
  const signer = result.report.signer;
  return signer?.name ?? signer?.subject ?? '';
}

/** For a signer no trusted path vouches for: the name is its claim, never stated as a fact. */
function unconfirmedSigner(result: SignatureResult): Reason[] {
  const chainSaidIt = result.decisive?.id === 'certificate_chain';
  return result.report.signer?.confirmed === false && !chainSaidIt
    ? [reason('summary.signer_claimed', { signer: signerOf(result) })]
    : [];
}

const isDocumentTimestamp = (r: SignatureResult): boolean =>
  r.report.format === DOCUMENT_TIMESTAMP_FORMAT;

/** What valid document time-stamps add to a summary: when the document is known to have existed. */
function timestampsSaid(results: readonly SignatureResult[]): Reason[] {
  const times = results.filter(isDocumentTimestamp).map((r) => r.report.timestamp?.time ?? '');
  return times.length === 0 ? [] : [reason('summary.document_timestamps', { times })];
}

/** Which signature a summary speaks of: the kind, and its place when there are several. */
function subjectOf(results: readonly SignatureResult[], decisive: SignatureResult): Reason {
  const place = { index: results.indexOf(decisive) + 1, count: results.length };
  if (isDocumentTimestamp(decisive)) {
    return results.length > 1
      ? reason('subject.document_timestamp_of', place)
      : reason('subject.document_timestamp');
  }
  return results.length > 1 ? reason('subject.signature_of', place) : reason('subject.signature');
}

function summaryOf(
  results: readonly SignatureResult[],
  decisive: SignatureResult | undefined,
  indication: string,
): Reason {
  const report = decisive?.report;
  if (!decisive || !report) return reason('summary.none');
  const signatures = results.filter((r) => !isDocumentTimestamp(r));
  const timestamps = timestampsSaid(results);
  if (indication === 'TOTAL_PASSED' && signatures.length === 0) {
    return reason('summary.document_timestamp_only', { timestamps });
  }
  if (indication === 'TOTAL_PASSED' && results.length > 1) {
    const signers = [...new Set(signatures.map(signerOf))];
    return signatures.length > 1
      ? reason('summary.all_valid', { count: signatures.length, signers, timestamps })
      : reason('summary.valid_with_later', { signers, timestamps });
  }
  if (indication === 'TOTAL_PASSED') {
    const when = report.timestamp?.valid
      ? [reason('summary.timestamped', { time: report.timestamp.time })]
      : report.signingTime
        ? [reason('summary.claimed', { time: report.signingTime })]
        : [];
    return reason('summary.valid', { signer: signerOf(decisive), when });
  }
  const why = decisive.decisive?.reason;
  if (why && decisive.decisive?.id === 'document_status') return why;
  const said = {
    subject: subjectOf(results, decisive),
    why: [...(why ? [why] : []), ...unconfirmedSigner(decisive)],
  };
  return indication === 'TOTAL_FAILED'
    ? reason('summary.not_valid', said)
    : reason('summary.unconfirmed', said);
}

/** The summary fields of a report: the reason, and its sentence in English until localized. */
export function summarized(
  summaryReason: Reason,
): Pick<VerificationReport, 'summary' | 'summaryReason'> {
  return { summary: renderReason('en', summaryReason), summaryReason };
}

/** The report over the signatures' results; `registered` defaults to the entry one matched. */
export function reportOf(
  results: readonly SignatureResult[],
  now: Date,
  digest: VerificationReport['document']['digest'],
  fallbackEntry: VerificationReport['document']['registered'],
): VerificationReport {
  const verdict = worstOf(results.map((r) => r.report));
  const decisive = results.find(
    (r) =>
      r.report.indication === verdict.indication &&
      r.report.subIndication === verdict.subIndication,
  );
  // The document's own registry entry: the newest one a signature matched, else the fallback.
  const registered = [...results].reverse().find((r) => r.entry)?.entry ?? fallbackEntry;
  return {
    ...verdict,
    ...summarized(summaryOf(results, decisive, verdict.indication)),
    validationTime: now.toISOString(),
    signatures: results.map((r) => r.report),
    document: {
      digest,
      registered,
      status: registered ? checkDocumentStatus(registered).check : undefined,
    },
    law: lawSection(results),
  };
}

/**
 * An input that cannot be read as a signature: INDETERMINATE/FORMAT_FAILURE, summarized as
 * "cannot be read" with `why` unless `summary` says it better.
 */
export function unreadable(
  now: Date,
  why: Reason,
  document?: DocumentDigests,
  summary: Reason = reason('summary.unreadable', { why }),
): VerificationReport {
  return {
    indication: 'INDETERMINATE',
    subIndication: 'FORMAT_FAILURE',
    ...summarized(summary),
    validationTime: now.toISOString(),
    signatures: [],
    document: { digest: documentDigest(document, undefined) },
    law: lawSection([]),
  };
}

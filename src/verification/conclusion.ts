/**
 * The report as a whole (SPEC.md "Verification"): the worst signature decides the indication
 * (ETSI EN 319 102-1 5.1.3), and a summary in a sentence or two says why, for a citizen.
 */
import type { HashName } from '../core/algorithms';
import { checkDocumentStatus } from './acceptance';
import { hexOf, type DocumentDigests } from './document';
import { DOCUMENT_TIMESTAMP_FORMAT } from './document-timestamp';
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

function signerOf(result: SignatureResult): string {
  const signer = result.report.signer;
  return signer?.name ?? signer?.subject ?? 'the signer';
}

/** For a signer no trusted path vouches for: the name is its claim, never stated as a fact. */
function unconfirmedSigner(result: SignatureResult): string {
  const chainSaidIt = result.decisive?.id === 'certificate_chain';
  return result.report.signer?.confirmed === false && !chainSaidIt
    ? ` The signer claims to be ${signerOf(result)}; nothing confirms it.`
    : '';
}

const isDocumentTimestamp = (r: SignatureResult): boolean =>
  r.report.format === DOCUMENT_TIMESTAMP_FORMAT;

/** What valid document time-stamps add to a summary: when the document is known to have existed. */
function timestampsSaid(results: readonly SignatureResult[]): string {
  const times = results.filter(isDocumentTimestamp).map((r) => r.report.timestamp?.time);
  return times.length === 0
    ? ''
    : ` A document time-stamp proves that the document existed on ${times.join(', ')} (in the revision each covers).`;
}

function summaryOf(
  results: readonly SignatureResult[],
  decisive: SignatureResult | undefined,
  indication: string,
): string {
  const report = decisive?.report;
  if (!decisive || !report) return 'No signature was verified.';
  const signatures = results.filter((r) => !isDocumentTimestamp(r));
  if (indication === 'TOTAL_PASSED' && signatures.length === 0) {
    return `The document time-stamp is valid, but it does not say who issued the document.${timestampsSaid(results)}`;
  }
  if (indication === 'TOTAL_PASSED' && results.length > 1) {
    const who = [...new Set(signatures.map(signerOf))].join(', ');
    const all =
      signatures.length > 1 ? `All ${signatures.length} signatures are` : 'The signature is';
    return `${all} valid: ${who} signed this document, and it has not been changed since, except by the later signatures, time-stamps and their validation data.${timestampsSaid(results)}`;
  }
  if (indication === 'TOTAL_PASSED') {
    const when = report.timestamp?.valid
      ? ` A time-stamp proves it was signed on ${report.timestamp.time}.`
      : report.signingTime
        ? ` It claims to have been signed on ${report.signingTime}; no time-stamp proves it.`
        : '';
    return `The signature is valid: ${signerOf(decisive)} signed this document, and it has not been changed since.${when}`;
  }
  const which =
    results.length > 1 ? ` (signature ${results.indexOf(decisive) + 1} of ${results.length})` : '';
  const what = isDocumentTimestamp(decisive) ? 'document time-stamp' : 'signature';
  const why = decisive.decisive?.message ?? '';
  if (decisive.decisive?.id === 'document_status') return why;
  const claim = unconfirmedSigner(decisive);
  return indication === 'TOTAL_FAILED'
    ? `The ${what}${which} is not valid. ${why}${claim}`
    : `The ${what}${which} cannot be confirmed. ${why}${claim}`;
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
    summary: summaryOf(results, decisive, verdict.indication),
    validationTime: now.toISOString(),
    signatures: results.map((r) => r.report),
    document: {
      digest,
      registered,
      status: registered ? checkDocumentStatus(registered).check : undefined,
    },
  };
}

/** An input that cannot be read as a signature: INDETERMINATE/FORMAT_FAILURE. */
export function unreadable(
  now: Date,
  message: string,
  document?: DocumentDigests,
): VerificationReport {
  return {
    indication: 'INDETERMINATE',
    subIndication: 'FORMAT_FAILURE',
    summary: `The signature cannot be read: ${message}`,
    validationTime: now.toISOString(),
    signatures: [],
    document: { digest: documentDigest(document, undefined) },
  };
}

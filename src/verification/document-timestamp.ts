/**
 * A PAdES document time-stamp (ETSI EN 319 142-1 5.4.3, ISO 32000-2 12.8.5): a signature field with
 * SubFilter ETSI.RFC3161 whose /Contents is an RFC 3161 TimeStampToken over the ByteRange. It is
 * validated as a signature-time-stamp is (timestamp.ts, ETSI EN 319 102-1 5.4) with the PDF's
 * checks beside it. A valid one proves that the document as it then was (its revision) existed at
 * the token's genTime; it says nothing of who wrote or signed the document.
 */
import type { HashName } from '../core/algorithms';
import type { PdfSignature } from '../core/pades';
import { signerName, signerSummary, certificateSummary } from './certificates';
import type { VerificationContext } from './context';
import { reason, type Reason } from './reasons';
import { checkByteRange, checkChangesAfter, pdfPlace } from './pdf-checks';
import { concludeOutcomes, outcome, type CheckOutcome } from './report';
import type { SignatureResult } from './signature-validation';
import { checkTimeStampToken, type TokenCheck, type TokenFailure } from './timestamp';

/** The report's format of a document time-stamp. */
export const DOCUMENT_TIMESTAMP_FORMAT = 'PAdES document time-stamp';

export { DOCUMENT_TIMESTAMP_SUBFILTER } from './pdf-facts';

type TokenStep = TokenFailure['check'];
const STEPS: TokenStep[] = ['format', 'message_digest', 'signature_value', 'certificate_chain'];

/** Why each step of a valid token passed. */
function passedReason(step: TokenStep, token: TokenCheck, signature: PdfSignature): Reason {
  // The authority is known once its signature step passed, the root and time once its chain did.
  const authority = token.tsa ? signerName(token.tsa) : '';
  const root = token.chain?.[token.chain.length - 1]?.subject.text ?? '';
  switch (step) {
    case 'format':
      return reason('document_timestamp.format', { field: signature.fieldName });
    case 'message_digest':
      return reason('document_timestamp.message_digest', { bytes: signature.revisionEnd });
    case 'signature_value':
      return reason('document_timestamp.signature_value', { authority });
    case 'certificate_chain':
      return reason('document_timestamp.certificate_chain', {
        authority,
        root,
        time: token.summary?.time ?? '',
      });
  }
}

/** One check of each step: passed before the failing one, failed at it, not checked after it. */
function tokenOutcomes(token: TokenCheck, signature: PdfSignature): CheckOutcome[] {
  const failedAt = token.failure ? STEPS.indexOf(token.failure.check) : STEPS.length;
  return STEPS.map((step, i) => {
    if (i < failedAt) return outcome(step, 'passed', passedReason(step, token, signature));
    if (i === failedAt && token.failure) {
      return outcome(
        step,
        'failed',
        reason('document_timestamp.unreliable', {
          problem: token.problem ?? reason('tst.invalid'),
        }),
        token.failure.verdict,
      );
    }
    return outcome(step, 'not_checked', reason('document_timestamp.skipped'));
  });
}

/**
 * ETSI EN 319 102-1 5.4 with the PDF's checks, for the document time-stamp `signature`, its
 * authority judged at `at`: now, or the proof of existence a later document time-stamp gives it
 * (5.6.3, past signature validation).
 */
export function validateDocumentTimestamp(
  ctx: VerificationContext,
  signature: PdfSignature,
  rangeDigest: (hash: HashName) => Uint8Array | undefined,
  at: Date = ctx.now,
): SignatureResult {
  const token = checkTimeStampToken(
    ctx,
    signature.contents,
    {
      // RFC 3161 2.4.2: the imprint is the hash of the ByteRange (ETSI EN 319 142-1 5.4.3).
      digestUnder: rangeDigest,
      mismatch: reason('tst.other_document'),
    },
    at,
  );
  const [format, messageDigest, signatureValue, chain] = tokenOutcomes(token, signature);
  const outcomes = [
    format,
    checkByteRange(signature),
    messageDigest,
    signatureValue,
    chain,
    checkChangesAfter(signature),
  ].filter((o): o is CheckOutcome => o !== undefined);
  const { verdict, decisive } = concludeOutcomes(outcomes);
  const valid = token.summary?.valid ? token.summary.time : undefined;
  return {
    decisive,
    report: {
      ...verdict,
      format: DOCUMENT_TIMESTAMP_FORMAT,
      signer: token.tsa && signerSummary(token.tsa),
      signingTime: null,
      bestSignatureTime: valid ?? ctx.now.toISOString(),
      timestamp: token.summary,
      certificateChain: (token.chain ?? (token.tsa ? [token.tsa] : [])).map(certificateSummary),
      checks: outcomes.map((o) => o.check),
      pdf: pdfPlace(signature),
    },
  };
}

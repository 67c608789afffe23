/**
 * ETSI EN 319 102-1 5.2.7, cryptographic verification: the document is the one whose digest the
 * signer signed (RFC 5652 11.2 message-digest), and the signature value was made with the
 * certificate's key over the signed attributes, or over the document itself when there are none
 * (RFC 5652 5.4, 5.6).
 */
import { timingSafeEqual } from 'node:crypto';
import {
  schemeFromAlgorithmIdentifier,
  verificationKeyProblem,
  verifySignature,
  type SignatureScheme,
} from '../core/algorithms';
import type { SignerInfoView } from '../core/cms';
import { FormatError } from '../core/errors';
import { verifyDigestSignature } from '../core/prehashed';
import type { CertView, WorkBudget } from '../core/validation';
import { signerName } from './certificates';
import type { DocumentDigests } from './document';
import { reason, type Reason } from './reasons';
import { failed, indeterminate, outcome, workLimitReached, type CheckOutcome } from './report';

const HASH_LABELS = {
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
  sm3: 'SM3',
} as const;

function noDocument(id: 'message_digest' | 'signature_value'): CheckOutcome {
  return outcome(
    id,
    'not_checked',
    reason('document.missing'),
    indeterminate('SIGNED_DATA_NOT_FOUND'),
  );
}

/** RFC 5652 11.2 with 5.4: the message-digest attribute equals the document's digest. */
export function checkMessageDigest(
  signerInfo: SignerInfoView,
  document: DocumentDigests | undefined,
): CheckOutcome {
  const expected = signerInfo.messageDigest;
  if (!signerInfo.signedAttributesDer || !expected) {
    return outcome('message_digest', 'not_checked', reason('message_digest.no_signed_attributes'));
  }
  const hash = signerInfo.digestHash;
  if (!hash) {
    return outcome(
      'message_digest',
      'failed',
      reason('message_digest.unaccepted_hash', { algorithm: signerInfo.digestAlgorithm.algorithm }),
      indeterminate('CRYPTO_CONSTRAINTS_FAILURE'),
    );
  }
  if (!document) return noDocument('message_digest');
  const actual = document.digests[hash];
  if (!actual) {
    return outcome(
      'message_digest',
      'not_checked',
      reason('message_digest.other_hash', { hash: HASH_LABELS[hash] }),
      indeterminate('SIGNED_DATA_NOT_FOUND'),
    );
  }
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return outcome(
      'message_digest',
      'failed',
      reason('message_digest.mismatch'),
      failed('HASH_FAILURE'),
    );
  }
  return outcome('message_digest', 'passed', reason('message_digest.match'));
}

/** A signature Signet cannot verify: it says so rather than guess (CRYPTO_CONSTRAINTS_FAILURE). */
function unsupported(why: Reason): CheckOutcome {
  return outcome('signature_value', 'failed', why, indeterminate('CRYPTO_CONSTRAINTS_FAILURE'));
}

/** The scheme the SignerInfo names, or why Signet cannot verify it. */
function schemeOf(signerInfo: SignerInfoView): SignatureScheme | CheckOutcome {
  try {
    return schemeFromAlgorithmIdentifier(signerInfo.signatureAlgorithm, signerInfo.digestHash);
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    return unsupported(
      reason('signature_value.unsupported_algorithm', {
        algorithm: signerInfo.signatureAlgorithm.algorithm,
      }),
    );
  }
}

/** RFC 5652 5.6: the signature value verifies with the signer's public key. */
export function checkSignatureValue(
  signerInfo: SignerInfoView,
  certificate: CertView | undefined,
  document: DocumentDigests | undefined,
  budget: WorkBudget,
): CheckOutcome {
  if (!certificate) {
    return outcome('signature_value', 'not_checked', reason('signature_value.no_certificate'));
  }
  const scheme = schemeOf(signerInfo);
  if ('check' in scheme) return scheme;
  const unreadableKey = reason('signature_value.unreadable_key');
  let problem: string | undefined;
  try {
    problem = verificationKeyProblem(certificate.tbs.subjectPublicKeyInfo, certificate.spkiDer);
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    return unsupported(unreadableKey);
  }
  if (problem) return unsupported(reason('signature_value.unreliable_key', { detail: problem }));
  let key;
  try {
    key = certificate.publicKey();
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    return unsupported(unreadableKey);
  }
  if (!budget.spend('signatureChecks')) return workLimitReached('signature_value');
  let valid: boolean;
  if (signerInfo.signedAttributesDer) {
    valid = verifySignature(scheme, key, signerInfo.signedAttributesDer, signerInfo.signature);
  } else {
    // RFC 5652 5.4: without signed attributes the signature covers the content itself.
    if (!document) return noDocument('signature_value');
    if (signerInfo.digestHash !== scheme.hash) {
      return unsupported(reason('signature_value.hash_mismatch'));
    }
    const digest = document.digests[scheme.hash];
    if (document.content) {
      valid = verifySignature(scheme, key, document.content, signerInfo.signature);
    } else if (digest) {
      valid = verifyDigestSignature(scheme, key, digest, signerInfo.signature);
    } else {
      return outcome(
        'signature_value',
        'not_checked',
        reason('signature_value.other_hash', { hash: HASH_LABELS[scheme.hash] }),
        indeterminate('SIGNED_DATA_NOT_FOUND'),
      );
    }
    if (!valid) {
      return outcome(
        'signature_value',
        'failed',
        reason('signature_value.document_mismatch', { signer: signerName(certificate) }),
        failed('SIG_CRYPTO_FAILURE'),
      );
    }
    return outcome(
      'signature_value',
      'passed',
      reason('signature_value.document_signed', { signer: signerName(certificate) }),
    );
  }
  if (!valid) {
    return outcome(
      'signature_value',
      'failed',
      reason('signature_value.mismatch', { signer: signerName(certificate) }),
      failed('SIG_CRYPTO_FAILURE'),
    );
  }
  return outcome(
    'signature_value',
    'passed',
    reason('signature_value.valid', { signer: signerName(certificate) }),
  );
}

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
import type { CertView } from '../core/validation';
import { signerName } from './certificates';
import type { DocumentDigests } from './document';
import { failed, indeterminate, outcome, type CheckOutcome } from './report';

const HASH_LABELS = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' } as const;

function noDocument(id: 'message_digest' | 'signature_value', detail = ''): CheckOutcome {
  return outcome(
    id,
    'not_checked',
    `The signature does not contain the document and the document was not given${detail}, so Signet cannot tell whether it is the signed one.`,
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
    return outcome(
      'message_digest',
      'not_checked',
      'The signature has no signed attributes: its signature value covers the document directly (see the signature value check).',
    );
  }
  const hash = signerInfo.digestHash;
  if (!hash) {
    return outcome(
      'message_digest',
      'failed',
      `The signature hashes the document with the algorithm ${signerInfo.digestAlgorithm.algorithm}, which Signet does not accept (only SHA-256, SHA-384 and SHA-512); it does not guess whether the signature holds.`,
      indeterminate('CRYPTO_CONSTRAINTS_FAILURE'),
    );
  }
  if (!document) return noDocument('message_digest');
  const actual = document.digests[hash];
  if (!actual) {
    return outcome(
      'message_digest',
      'not_checked',
      `The signature uses ${HASH_LABELS[hash]}, but the document's digest was given with another algorithm; send the document itself or its ${HASH_LABELS[hash]} digest.`,
      indeterminate('SIGNED_DATA_NOT_FOUND'),
    );
  }
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return outcome(
      'message_digest',
      'failed',
      'The document is not the one that was signed: it has been changed since, or it is another document.',
      failed('HASH_FAILURE'),
    );
  }
  return outcome('message_digest', 'passed', 'The document is exactly the one that was signed.');
}

function unsupported(message: string): CheckOutcome {
  return outcome(
    'signature_value',
    'failed',
    `${message}; Signet does not guess whether such a signature holds.`,
    indeterminate('CRYPTO_CONSTRAINTS_FAILURE'),
  );
}

/** The scheme the SignerInfo names, or why Signet cannot verify it. */
function schemeOf(signerInfo: SignerInfoView): SignatureScheme | CheckOutcome {
  try {
    return schemeFromAlgorithmIdentifier(signerInfo.signatureAlgorithm, signerInfo.digestHash);
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    return unsupported(
      `The signature was made with the algorithm ${signerInfo.signatureAlgorithm.algorithm}, which Signet cannot verify`,
    );
  }
}

/** RFC 5652 5.6: the signature value verifies with the signer's public key. */
export function checkSignatureValue(
  signerInfo: SignerInfoView,
  certificate: CertView | undefined,
  document: DocumentDigests | undefined,
): CheckOutcome {
  if (!certificate) {
    return outcome(
      'signature_value',
      'not_checked',
      "Without the signer's certificate the signature value cannot be checked.",
    );
  }
  const scheme = schemeOf(signerInfo);
  if ('check' in scheme) return scheme;
  let problem: string | undefined;
  try {
    problem = verificationKeyProblem(certificate.tbs.subjectPublicKeyInfo, certificate.spkiDer);
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    problem = 'its public key cannot be read';
  }
  if (problem)
    return unsupported(`The signer's certificate cannot be relied on because ${problem}`);
  let key;
  try {
    key = certificate.publicKey();
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    return unsupported("The signer's certificate holds a public key that cannot be read");
  }
  let valid: boolean;
  if (signerInfo.signedAttributesDer) {
    valid = verifySignature(scheme, key, signerInfo.signedAttributesDer, signerInfo.signature);
  } else {
    // RFC 5652 5.4: without signed attributes the signature covers the content itself.
    if (!document) return noDocument('signature_value');
    if (signerInfo.digestHash !== scheme.hash) {
      return unsupported(
        'The signature names one hash for the document and another for its signature value',
      );
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
        `The signature uses ${HASH_LABELS[scheme.hash]}, but the document's digest was given with another algorithm; send the document itself.`,
        indeterminate('SIGNED_DATA_NOT_FOUND'),
      );
    }
    if (!valid) {
      return outcome(
        'signature_value',
        'failed',
        `The signature does not match this document and the key of ${signerName(certificate)}: the document or the signature has been changed.`,
        failed('SIG_CRYPTO_FAILURE'),
      );
    }
    return outcome(
      'signature_value',
      'passed',
      `The document was signed with the private key of ${signerName(certificate)}.`,
    );
  }
  if (!valid) {
    return outcome(
      'signature_value',
      'failed',
      `The signature value does not verify with the key of ${signerName(certificate)}: the signature has been altered, or was not made with this certificate.`,
      failed('SIG_CRYPTO_FAILURE'),
    );
  }
  return outcome(
    'signature_value',
    'passed',
    `The signature was made with the private key of ${signerName(certificate)}.`,
  );
}

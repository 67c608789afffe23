/**
 * Path validation of one certificate for `signet cert verify` (RFC 5280 section 6, core/validation),
 * with the revocation rule the signature verifier uses: CRLs at hand count for every certificate of
 * the path, and when there are any, the certificate itself must have a status from one that is
 * current at the validation time or issued after it.
 */
import { derFromPemOrDer, fromPemAll } from '../core/encoding';
import { FormatError } from '../core/errors';
import {
  CrlView,
  revocationStatusAt,
  validatePath,
  WorkBudget,
  type PathErrorCode,
} from '../core/validation';
import { certificateSummary, parseCertificates } from './certificates';
import type { CertificateSummary } from './report';

export interface CertificateCheckRequest {
  /** The certificate (DER or PEM). */
  certificate: Uint8Array;
  /** Trusted certificates (DER or PEM, several per PEM file). */
  trustAnchors: Uint8Array[];
  untrusted: Uint8Array[];
  /** CRLs (DER or PEM "X509 CRL"). */
  crls: Uint8Array[];
  time: Date;
  /** Extended key usages the certificate must allow. */
  requiredEkus: string[];
  /** The time of the check (for CRLs dated later than it, which are ignored). */
  now: Date;
}

export interface CertificateCheckResult {
  valid: boolean;
  reason?: { code: PathErrorCode; message: string };
  time: string;
  /** The validated path, the certificate first and the trust anchor last. */
  chain?: CertificateSummary[];
  /** Every candidate path that failed, with its reason (RFC 4158 path building). */
  attempts: { chain: string[]; reason: { code: PathErrorCode; message: string } }[];
  revocation: 'not_revoked' | 'not_checked';
}

const PEM_HEAD = '-----BEGIN';

/** Every certificate of a file: the blocks of a PEM bundle, or one DER certificate. */
export function readCertificates(bytes: Uint8Array): Uint8Array[] {
  const text = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  if (!text.includes(PEM_HEAD)) return [bytes];
  const blocks = fromPemAll(Buffer.from(bytes).toString('latin1'), 'CERTIFICATE');
  if (blocks.length === 0)
    throw new FormatError('MALFORMED_PEM', 'The file holds no PEM certificate.');
  return blocks;
}

/** A CRL file: DER, or PEM labelled X509 CRL (OpenSSL) or CRL (@peculiar/x509). */
export function readCrl(bytes: Uint8Array): Uint8Array {
  const text = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  if (!text.includes(PEM_HEAD)) return bytes;
  return derFromPemOrDer(bytes, text.includes('X509 CRL') ? 'X509 CRL' : 'CRL');
}

export function verifyCertificate(request: CertificateCheckRequest): CertificateCheckResult {
  const target = readCertificates(request.certificate)[0] ?? new Uint8Array(0);
  const trustAnchors = request.trustAnchors.flatMap(readCertificates);
  const untrusted = request.untrusted.flatMap(readCertificates);
  const crls = request.crls.map(readCrl);
  const budget = new WorkBudget();
  const result = validatePath({
    target,
    trustAnchors,
    untrusted,
    crls,
    time: request.time,
    requiredEkus: request.requiredEkus,
    requireRevocation: false,
    budget,
  });
  const base = {
    time: request.time.toISOString(),
    attempts: result.attempts.map((a) => ({ chain: a.chain, reason: a.reason })),
  };
  if (!result.valid || !result.chain) {
    return { ...base, valid: false, reason: result.reason, revocation: 'not_checked' };
  }
  const chain = parseCertificates(result.chain);
  const summary = chain.map(certificateSummary);
  const cert = chain[0];
  if (crls.length === 0 || !cert || chain.length < 2) {
    return { ...base, valid: true, chain: summary, revocation: 'not_checked' };
  }
  const crlViews = crls.flatMap((der) => {
    try {
      return [CrlView.parse(der)];
    } catch (error) {
      if (error instanceof FormatError) return [];
      throw error;
    }
  });
  const status = revocationStatusAt(
    chain,
    { trustAnchors, certificates: untrusted, crls: crlViews },
    request.time,
    { issuedBy: request.now, budget },
  );
  if (status.kind === 'good')
    return { ...base, valid: true, chain: summary, revocation: 'not_revoked' };
  if (status.kind === 'revoked') {
    const at = status.revocationDate.toISOString();
    if (status.revocationDate > request.time) {
      return { ...base, valid: true, chain: summary, revocation: 'not_revoked' };
    }
    return {
      ...base,
      valid: false,
      chain: summary,
      revocation: 'not_checked',
      reason: {
        code: 'REVOKED',
        message: `"${cert.label}" was revoked at ${at} (${status.reason}), according to the CRL issued by "${status.crl.issuer.text}".`,
      },
    };
  }
  return {
    ...base,
    valid: false,
    chain: summary,
    revocation: 'not_checked',
    reason: { code: status.code, message: status.message },
  };
}

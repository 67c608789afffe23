import { timingSafeEqual } from 'node:crypto';
import {
  hashLength,
  publicKeyFromSpki,
  schemeFromAlgorithmIdentifier,
  verifySignature,
  type HashName,
} from '../core/algorithms';
import {
  addSignatureTimestamp,
  addValidationData,
  parseSignedData,
  signCadesBaselineB,
} from '../core/cms';
import { readCertificate } from '../core/x509/read';
import type { AuthorityCache, CaDeps } from '../ca/context';
import type { CrlRecord } from '../ca/ports';
import { SigningError } from './errors';
import type { DocumentRegistry, SignatureLevel, Tsa } from './ports';
import { signingKeyOf, type SigningKey } from './signing-certificate';
import { formatVerificationCode, newVerificationCode } from './verification-code';

export interface SigningDeps {
  ca: CaDeps;
  authorities: AuthorityCache;
  tsa: Tsa;
  documents: DocumentRegistry;
  crl: { get(): Promise<CrlRecord> };
}

export interface SignDigestRequest {
  departmentId: string;
  actor: string;
  level: SignatureLevel;
  hash: HashName;
  digest: Uint8Array;
  fileName?: string;
}

export interface SignedDocument {
  id: string;
  verificationCode: string;
  verifyUrl: string;
  digest: { algorithm: HashName; value: string };
  signedAt: string;
  certificateSerial: string;
  level: SignatureLevel;
  /** DER ContentInfo of the detached CMS SignedData. */
  signature: Uint8Array;
}

/**
 * Signs a document's digest for a department as a detached CAdES signature at the asked level and
 * registers it under a verification code. The signature is checked against the certificate before
 * it is released, and it is registered and audited in one transaction: a caller never holds a
 * signature the registry does not know.
 */
export async function signDigest(
  deps: SigningDeps,
  req: SignDigestRequest,
): Promise<SignedDocument> {
  if (req.digest.length !== hashLength(req.hash)) {
    throw new SigningError(
      'INVALID_DIGEST',
      `A ${req.hash} digest is ${hashLength(req.hash)} bytes long.`,
    );
  }
  if (!deps.ca.departments.department(req.departmentId)) {
    throw new SigningError('UNKNOWN_DEPARTMENT', `There is no department "${req.departmentId}".`);
  }
  const now = deps.ca.clock.now();
  const key = signingKeyOf(deps.ca, req.departmentId, now, req.hash);
  const signature = await cadesSignature(deps, key, req, now);
  checkBeforeRelease(signature, key.certificate, req.digest);

  const id = Buffer.from(deps.ca.random.bytes(16)).toString('hex');
  const code = newVerificationCode(deps.ca.random);
  const signedAt = now.toISOString();
  deps.ca.tx.transaction(() => {
    deps.documents.register({
      id,
      verificationCode: code,
      departmentId: req.departmentId,
      certificateSerial: key.record.serial,
      format: 'cades',
      level: req.level,
      digestAlgorithm: req.hash,
      digest: Buffer.from(req.digest).toString('hex'),
      fileName: req.fileName,
      signedAt,
      status: 'valid',
    });
    deps.ca.audit.append({
      at: signedAt,
      actor: req.actor,
      action: 'document.signed',
      subject: id,
      details: {
        certificate: key.record.serial,
        level: req.level,
        digest: `${req.hash}:${Buffer.from(req.digest).toString('hex')}`,
      },
    });
  });
  const verificationCode = formatVerificationCode(code);
  return {
    id,
    verificationCode,
    verifyUrl: `${deps.ca.publicUrl}/verify/${verificationCode}`,
    digest: { algorithm: req.hash, value: Buffer.from(req.digest).toString('hex') },
    signedAt,
    certificateSerial: key.record.serial,
    level: req.level,
    signature,
  };
}

/** ETSI EN 319 122-1 levels, each built on the one below (STYLE.md rule 11). */
async function cadesSignature(
  deps: SigningDeps,
  key: SigningKey,
  req: SignDigestRequest,
  now: Date,
): Promise<Uint8Array> {
  const issuing = deps.authorities.get('issuing');
  let cms = await signCadesBaselineB({
    digest: req.digest,
    hash: req.hash,
    signer: key.signer,
    signerCertificate: key.certificate,
    certificates: [key.certificate, issuing.der],
    signingTime: now,
  });
  if (req.level === 'B-B') return cms;
  cms = await addSignatureTimestamp(cms, (imprint, hash) => deps.tsa.timestamp(imprint, hash));
  if (req.level === 'B-T') return cms;
  // B-LT: the whole chain and current revocation data (the CRL covers the signer and the TSA).
  const crl = await deps.crl.get();
  return addValidationData(cms, {
    certificates: [deps.authorities.get('root').der, issuing.der],
    crls: [crl.der],
  });
}

/**
 * A signature that would not verify is never handed out: the message digest must be the caller's
 * and the signature value must verify with the certificate's key (RFC 5652 5.4, 5.6).
 */
function checkBeforeRelease(cms: Uint8Array, certificate: Uint8Array, digest: Uint8Array): void {
  const signerInfo = parseSignedData(cms).signerInfos[0];
  const publicKey = publicKeyFromSpki(readCertificate(certificate).subjectPublicKey);
  const ok =
    signerInfo?.signedAttributesDer !== undefined &&
    signerInfo.messageDigest !== undefined &&
    signerInfo.messageDigest.length === digest.length &&
    timingSafeEqual(signerInfo.messageDigest, digest) &&
    verifySignature(
      schemeFromAlgorithmIdentifier(signerInfo.signatureAlgorithm, signerInfo.digestHash),
      publicKey,
      signerInfo.signedAttributesDer,
      signerInfo.signature,
    );
  if (!ok)
    throw new SigningError(
      'SIGNATURE_SELF_CHECK_FAILED',
      'The signature failed its own check and was not released.',
    );
}

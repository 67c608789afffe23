import { timingSafeEqual } from 'node:crypto';
import {
  hashLength,
  publicKeyFromSpki,
  schemeFromAlgorithmIdentifier,
  verifySignature,
  type HashName,
} from '../core/algorithms';
import {
  addArchiveTimestamp,
  addSignatureTimestamp,
  addTlogProof,
  addValidationData,
  parseSignedData,
  signCadesBaselineB,
} from '../core/cms';
import { readCertificate } from '../core/x509/read';
import type {
  AuditTrail,
  AuthorityLookup,
  CertificateLookup,
  Clock,
  CurrentCrlSource,
  DepartmentLookup,
  IssuedSignature,
  KeyVault,
  RandomSource,
  SignatureLog,
  Transactor,
} from '../ports';
import { SigningError } from './errors';
import type { PendingSignatureStore, Tsa } from './ports';
import type { DocumentRegistry, SignatureFormat, SignatureLevel } from '../documents';
import { documentHashOf, signingKeyOf, type SigningKey } from './signing-certificate';
import { formatVerificationCode, newVerificationCode } from '../documents';

/**
 * What the signing use cases depend on, and nothing of the CA's writers: the CA's certificates and
 * departments read-only, the vault for department keys, the register and the audit log to record
 * a signature.
 */
export interface SigningDeps {
  clock: Clock;
  random: RandomSource;
  vault: Pick<KeyVault, 'signer'>;
  tx: Transactor;
  audit: AuditTrail;
  certificates: CertificateLookup;
  departments: DepartmentLookup;
  /** The root and issuing CA certificates that chains and B-LT validation data include. */
  authorities: AuthorityLookup;
  /** The base of verification URLs, read per call: the server learns its port after it starts. */
  publicUrl: () => string;
  tsa: Tsa;
  documents: DocumentRegistry;
  crl: CurrentCrlSource;
  /** Two-phase signatures between prepare and complete. */
  pending: PendingSignatureStore;
  /** The transparency log every issued signature is appended to (issue 21); absent: not logged. */
  log?: SignatureLog;
}

export interface SignDigestRequest {
  departmentId: string;
  actor: string;
  level: SignatureLevel;
  hash: HashName;
  digest: Uint8Array;
  fileName?: string;
}

/** What a signature's registration answers (SPEC.md "Signing"), the signature itself aside. */
export interface RegisteredSignature {
  id: string;
  verificationCode: string;
  verifyUrl: string;
  digest: { algorithm: HashName; value: string };
  signedAt: string;
  certificateSerial: string;
  level: SignatureLevel;
}

/**
 * The signature's place in the transparency log (issue 21): `included` when its proof is in the
 * signature, `pending` when its batch was not sequenced within the log's bound (the proof is then
 * fetched later: GET /api/v1/documents/{code}/log-proof).
 */
export type Transparency = { status: 'included'; index: string } | { status: 'pending' };

export interface SignedDocument extends RegisteredSignature {
  /** DER ContentInfo of the detached CMS SignedData. */
  signature: Uint8Array;
  /** Absent when this Signet keeps no log (a PKCS#11 key vault). */
  transparency?: Transparency;
}

/** A department's key and the time, fixed once for one signature. */
export interface SigningSession {
  key: SigningKey;
  now: Date;
}

export function openSession(
  deps: SigningDeps,
  departmentId: string,
  hash: HashName,
): SigningSession {
  assertDepartmentMaySign(deps, departmentId);
  const now = deps.clock.now();
  return { key: signingKeyOf(deps, departmentId, now, hash), now };
}

/**
 * The hash to digest a department's document with: the one the caller asks for, else SM3 for an
 * SM2 key and SHA-256 for the others (signing-certificate.ts documentHashOf).
 */
export function documentHash(
  deps: SigningDeps,
  departmentId: string,
  asked: HashName | undefined,
): HashName {
  if (asked) return asked;
  assertDepartmentMaySign(deps, departmentId);
  return documentHashOf(deps, departmentId, deps.clock.now());
}

/** The department exists and is enabled. */
export function assertDepartmentMaySign(deps: SigningDeps, departmentId: string): void {
  const department = deps.departments.department(departmentId);
  if (!department) {
    throw new SigningError('UNKNOWN_DEPARTMENT', `There is no department "${departmentId}".`);
  }
  // The HTTP routes refuse a disabled department's key; the CLI and every other caller end here.
  if (department.disabledAt) {
    throw new SigningError(
      'DEPARTMENT_DISABLED',
      `The department "${departmentId}" is disabled; enable it before it signs again.`,
    );
  }
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
  checkDigestLength(req.hash, req.digest);
  const session = openSession(deps, req.departmentId, req.hash);
  let cms = await signatureUpToT(deps, session, {
    digest: req.digest,
    hash: req.hash,
    level: req.level,
    signingTime: true,
  });
  cms = await addValidationDataIfLt(deps, cms, req.level);
  checkBeforeRelease(cms, session.key.certificate, req.digest);
  const registered = register(deps, session, { ...req, format: 'cades', cms });
  return { ...registered, ...(await withLogProof(deps, registered.id, cms)) };
}

/**
 * The registered CAdES signature with its log proof as an unsigned attribute (core/cms/tlog-proof.ts),
 * once its batch is sequenced: unsigned, so what was checked before release still holds. The
 * entry commits to the signature value and time-stamp token only, which the attribute leaves as
 * they are.
 */
export async function withLogProof(
  deps: Pick<SigningDeps, 'log'>,
  documentId: string,
  cms: Uint8Array,
): Promise<Pick<SignedDocument, 'signature' | 'transparency'>> {
  if (!deps.log) return { signature: cms };
  const logged = await deps.log.proofOf(documentId);
  if (!logged) return { signature: cms, transparency: { status: 'pending' } };
  return {
    signature: await addTlogProof(cms, { salt: logged.salt, proof: logged.proof }),
    transparency: { status: 'included', index: logged.index.toString() },
  };
}

export function checkDigestLength(hash: HashName, digest: Uint8Array): void {
  if (digest.length !== hashLength(hash)) {
    throw new SigningError('INVALID_DIGEST', `A ${hash} digest is ${hashLength(hash)} bytes long.`);
  }
}

/**
 * CAdES B-B, then B-T (ETSI EN 319 122-1; STYLE.md rule 11). PAdES leaves signing-time out of the
 * signed attributes (ETSI EN 319 142-1 5.4.3: the time is the dictionary's /M).
 */
export async function signatureUpToT(
  deps: SigningDeps,
  session: SigningSession,
  req: { digest: Uint8Array; hash: HashName; level: SignatureLevel; signingTime: boolean },
): Promise<Uint8Array> {
  const cms = await signCadesBaselineB({
    digest: req.digest,
    hash: req.hash,
    signer: session.key.signer,
    signerCertificate: session.key.certificate,
    // The CA that issued this certificate: after a rollover, perhaps a retired one.
    certificates: [
      session.key.certificate,
      (
        deps.authorities
          .issuingCas(session.now)
          .find((ca) => ca.keyIdentifierHex === session.key.record.issuerKeyId) ??
        deps.authorities.get('issuing')
      ).der,
    ],
    signingTime: req.signingTime ? session.now : undefined,
  });
  if (req.level === 'B-B') return cms;
  return addSignatureTimestamp(cms, tsaSource(deps));
}

/**
 * CAdES B-LT: the whole chain and current revocation data in the CMS itself; B-LTA: then an
 * archive-time-stamp-v3 over all of it (ETSI EN 319 122-1 5.5.3; STYLE.md rule 11).
 */
export async function addValidationDataIfLt(
  deps: SigningDeps,
  cms: Uint8Array,
  level: SignatureLevel,
): Promise<Uint8Array> {
  if (level === 'B-LT') return addValidationData(cms, await validationData(deps));
  if (level === 'B-LTA') {
    return addArchiveTimestamp(cms, tsaSource(deps), await validationData(deps));
  }
  return cms;
}

/** Signet's TSA as the time-stamp source of the CMS steps. */
export const tsaSource =
  (deps: Pick<SigningDeps, 'tsa'>) =>
  (imprint: Uint8Array, hash: HashName): Promise<Uint8Array> =>
    deps.tsa.timestamp(imprint, hash);

/**
 * What a B-LT signature carries: root and issuing CA, the CRL covering signer and TSA, and the
 * root's ARL covering the issuing CA (ETSI EN 319 122-1 5.5.2: the revocation values of every
 * certificate of the path, CA certificates included).
 */
export async function validationData(
  deps: SigningDeps,
): Promise<{ certificates: Uint8Array[]; crls: Uint8Array[] }> {
  const crls = await deps.crl.all();
  const issuing = deps.authorities.issuingCas(deps.clock.now()).map((ca) => ca.der);
  return {
    certificates: [deps.authorities.get('root').der, ...issuing],
    crls: crls.map((c) => c.der),
  };
}

/**
 * A signature that would not verify is never handed out: the message digest must be the caller's
 * and the signature value must verify with the certificate's key (RFC 5652 5.4, 5.6).
 */
export function checkBeforeRelease(
  cms: Uint8Array,
  certificate: Uint8Array,
  digest: Uint8Array,
): void {
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

/** What the transparency log commits to: the signer's key, the time, digest, signature, token. */
function issuedSignature(
  documentId: string,
  session: SigningSession,
  digest: Uint8Array,
  cms: Uint8Array,
): IssuedSignature {
  const signerInfo = parseSignedData(cms).signerInfos[0];
  if (!signerInfo)
    throw new SigningError('SIGNATURE_SELF_CHECK_FAILED', 'The CMS has no SignerInfo.');
  return {
    documentId,
    issuerSpki: readCertificate(session.key.certificate).subjectPublicKey,
    // Whole seconds, as signing-time carries it (RFC 5652 11.3), so a verifier recomputes the entry.
    claimedTime: new Date(Math.floor(session.now.getTime() / 1000) * 1000),
    documentDigest: digest,
    signatureValue: signerInfo.signature,
    timestampToken: signerInfo.signatureTimestamps[0],
  };
}

/** The id and verification code (canonical form) a signature is registered under. */
export interface Registration {
  id: string;
  code: string;
}

/** Chooses a registration before signing, so that a PDF's visible seal can show its code. */
export function newRegistration(deps: SigningDeps): Registration {
  return {
    id: Buffer.from(deps.random.bytes(16)).toString('hex'),
    code: newVerificationCode(deps.random),
  };
}

/** The citizen page of a verification code. */
export function verifyUrlOf(deps: SigningDeps, code: string): string {
  return `${deps.publicUrl()}/verify/${formatVerificationCode(code)}`;
}

/**
 * Registers a signature under its id and verification code (new ones unless chosen before
 * signing), audits it and appends it to the transparency log, in one transaction.
 */
export function register(
  deps: SigningDeps,
  session: SigningSession,
  req: SignDigestRequest & { format: SignatureFormat; cms: Uint8Array },
  { id, code }: Registration = newRegistration(deps),
): RegisteredSignature {
  const signedAt = session.now.toISOString();
  const digest = Buffer.from(req.digest).toString('hex');
  deps.tx.transaction(() => {
    deps.documents.register({
      id,
      verificationCode: code,
      departmentId: req.departmentId,
      certificateSerial: session.key.record.serial,
      format: req.format,
      level: req.level,
      digestAlgorithm: req.hash,
      digest,
      fileName: req.fileName,
      signedAt,
      status: 'valid',
    });
    deps.audit.append({
      at: signedAt,
      actor: req.actor,
      action: 'document.signed',
      subject: id,
      details: {
        certificate: session.key.record.serial,
        format: req.format,
        level: req.level,
        digest: `${req.hash}:${digest}`,
      },
    });
    deps.log?.recordIssued(issuedSignature(id, session, req.digest, req.cms));
  });
  const verificationCode = formatVerificationCode(code);
  return {
    id,
    verificationCode,
    verifyUrl: verifyUrlOf(deps, code),
    digest: { algorithm: req.hash, value: digest },
    signedAt,
    certificateSerial: session.key.record.serial,
    level: req.level,
  };
}

/**
 * Two-phase signing for a department that keeps its own key, in its own HSM (issue 17; DSS
 * getDataToSign / signDocument): Signet computes the data to be signed, the DER of the CAdES
 * signed attributes (RFC 5652 5.4: the SET OF with its own tag); the department signs it with its
 * key and returns the signature value; Signet assembles the SignedData, time-stamps and registers
 * it. The private key never reaches Signet (Electronic Signature Law Art. 13: sole control).
 *
 * What is signed is fixed at prepare: digest, certificate and signing time are kept under a random
 * handle; complete rebuilds the same signed attributes from them (the encoding is deterministic)
 * and accepts the value only if the certificate's key verifies it over exactly those bytes.
 */
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import {
  defaultScheme,
  keyTypeOfSpki,
  publicKeyFromSpki,
  verifySignature,
  type HashName,
  type SignatureScheme,
} from '../core/algorithms';
import { decodeDer } from '../core/asn1/decode';
import type { Signer } from '../core/signer';
import { readCertificate } from '../core/x509/read';
import { SigningError } from './errors';
import type { SignatureLevel } from '../documents';
import {
  addValidationDataIfLt,
  assertDepartmentMaySign,
  checkBeforeRelease,
  checkDigestLength,
  register,
  signatureUpToT,
  withLogProof,
  type SignDigestRequest,
  type SignedDocument,
  type SigningDeps,
  type SigningSession,
} from './sign';
import { ownKeyCertificateOf } from './signing-certificate';

/** How long a prepared signature waits for its value: long enough for an HSM and a person. */
export const PREPARED_LIFETIME_MS = 15 * 60_000;

export interface PrepareRequest extends SignDigestRequest {
  /** The certificate to sign under (hex serial); default: the department's newest own-key one. */
  certificateSerial?: string;
}

export interface PreparedSignature {
  handle: string;
  /** DER of the signed attributes: what the department's key signs (hashing it itself). */
  dataToBeSigned: Uint8Array;
  /** The signature scheme the value must follow (ECDSA: DER Ecdsa-Sig-Value; RSA: PKCS#1 v1.5). */
  scheme: SignatureScheme;
  certificateSerial: string;
  signingTime: string;
  expiresAt: string;
}

export async function prepareSignature(
  deps: SigningDeps,
  req: PrepareRequest,
): Promise<PreparedSignature> {
  checkDigestLength(req.hash, req.digest);
  assertDepartmentMaySign(deps, req.departmentId);
  const now = deps.clock.now();
  const certificate = ownKeyCertificateOf(deps, req.departmentId, now, req.certificateSerial);
  const scheme = schemeOf(certificate.der, req.hash);
  let captured: Uint8Array | undefined;
  const capturing: Signer = {
    scheme,
    sign: async (data) => {
      captured = data;
      return new Uint8Array(0);
    },
  };
  await signatureUpToT(deps, sessionOf(certificate, capturing, now), {
    digest: req.digest,
    hash: req.hash,
    level: 'B-B',
    signingTime: true,
  });
  if (!captured) throw new Error('The signed attributes were not produced.');
  const handle = Buffer.from(deps.random.bytes(16)).toString('hex');
  const expiresAt = new Date(now.getTime() + PREPARED_LIFETIME_MS).toISOString();
  deps.tx.transaction(() => {
    deps.pending.addPending({
      handle,
      departmentId: req.departmentId,
      certificateSerial: certificate.serial,
      level: req.level,
      digestAlgorithm: req.hash,
      digest: Buffer.from(req.digest).toString('hex'),
      fileName: req.fileName,
      signingTime: now.toISOString(),
      expiresAt,
    });
    deps.audit.append({
      at: now.toISOString(),
      actor: req.actor,
      action: 'signature.prepared',
      subject: handle,
      details: {
        certificate: certificate.serial,
        digest: `${req.hash}:${Buffer.from(req.digest).toString('hex')}`,
      },
    });
  });
  return {
    handle,
    dataToBeSigned: captured,
    scheme,
    certificateSerial: certificate.serial,
    signingTime: now.toISOString(),
    expiresAt,
  };
}

export interface CompleteRequest {
  departmentId: string;
  actor: string;
  handle: string;
  signatureValue: Uint8Array;
}

/**
 * Assembles, time-stamps (B-T, B-LT) and registers the prepared signature with the department's
 * value. The handle is used up by the attempt: a wrong value needs a new prepare, so a handle
 * cannot be used to try values.
 */
export async function completeSignature(
  deps: SigningDeps,
  req: CompleteRequest,
): Promise<SignedDocument> {
  assertDepartmentMaySign(deps, req.departmentId);
  const pending = deps.tx.transaction(() => deps.pending.takePending(req.handle, req.departmentId));
  if (!pending) {
    throw new SigningError(
      'UNKNOWN_HANDLE',
      'There is no prepared signature of this department under that handle (it completes once).',
    );
  }
  const now = deps.clock.now();
  if (new Date(pending.expiresAt) <= now) {
    throw new SigningError('HANDLE_EXPIRED', 'The prepared signature expired; prepare it again.');
  }
  const signingTime = new Date(pending.signingTime);
  const certificate = ownKeyCertificateOf(deps, req.departmentId, now, pending.certificateSerial);
  const hash = pending.digestAlgorithm;
  const digest = new Uint8Array(Buffer.from(pending.digest, 'hex'));
  const scheme = schemeOf(certificate.der, hash);
  const publicKey = publicKeyFromSpki(readCertificate(certificate.der).subjectPublicKey);
  // The department's value, accepted only over the very bytes prepare gave it.
  const given: Signer = {
    scheme,
    sign: async (data) => {
      if (!verifySignature(scheme, publicKey, data, req.signatureValue)) {
        throw new SigningError(
          'INVALID_SIGNATURE_VALUE',
          "The signature value is not the certificate key's signature over the prepared data.",
        );
      }
      return req.signatureValue;
    },
  };
  const session = sessionOf(certificate, given, signingTime);
  const level: SignatureLevel = pending.level;
  let cms = await signatureUpToT(deps, session, { digest, hash, level, signingTime: true });
  cms = await addValidationDataIfLt(deps, cms, level);
  checkBeforeRelease(cms, certificate.der, digest);
  const registered = register(deps, session, {
    departmentId: req.departmentId,
    actor: req.actor,
    level,
    hash,
    digest,
    fileName: pending.fileName,
    format: 'cades',
    cms,
  });
  return { ...registered, ...(await withLogProof(deps, registered.id, cms)) };
}

/** The certificate key's scheme under `hash` (a CSR's key passed the key policy: EC, RSA, SM2). */
function schemeOf(certificateDer: Uint8Array, hash: HashName): SignatureScheme {
  const spki = readCertificate(certificateDer).subjectPublicKey;
  // Imported for its checks (RSA shape); the type is read from the SubjectPublicKeyInfo, since
  // Node gives an SM2 key no asymmetricKeyType.
  publicKeyFromSpki(spki);
  return defaultScheme(
    { type: keyTypeOfSpki(decodeDer(spki, SubjectPublicKeyInfo, 'SubjectPublicKeyInfo')) },
    hash,
  );
}

function sessionOf(
  certificate: ReturnType<typeof ownKeyCertificateOf>,
  signer: Signer,
  now: Date,
): SigningSession {
  return { key: { record: certificate, certificate: certificate.der, signer }, now };
}

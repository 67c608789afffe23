/**
 * What one validatePath call shares between path building, path checks and CRL checks: the parsed
 * certificates and CRLs (each parsed once per call), the memo of signature results, and the work
 * budget (budget.ts) that bounds every loop so that hostile input cannot make a call run long.
 */
import type { KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import type { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import {
  inheritKeyParameters,
  publicKeyFromSpki,
  verificationSchemeFromAlgorithmIdentifier,
  verifySignature,
} from '../algorithms';
import { toHex } from '../encoding';
import type { CertView } from '../x509/certificate-model';
import type { CrlView } from './crl-view';
import type { PathFailure } from './errors';
import type { WorkBudget } from './budget';
import type { CertificatePool } from './certificate-pool';

/** Bounds on the shape of one call's paths and inputs (its work is bounded by a WorkBudget). */
export interface ValidationLimits {
  /** Intermediate CA certificates in a path, self-issued ones not counted (as pathLen counts). */
  maxIntermediates: number;
  /** Certificates in a path, self-issued ones included. */
  maxPathCertificates: number;
  /** Nodes of the valid_policy_tree (the exponential policy-mapping blow-up). */
  maxPolicyNodes: number;
  /** Nesting of CRL issuer paths (a CRL signed by a key that itself needs a path). */
  maxCrlIssuerDepth: number;
  /** Certificates and CRLs accepted as input. */
  maxInputObjects: number;
}

export const DEFAULT_LIMITS: ValidationLimits = {
  maxIntermediates: 8,
  maxPathCertificates: 16,
  maxPolicyNodes: 2000,
  maxCrlIssuerDepth: 3,
  maxInputObjects: 1000,
};

/** The RFC 5280 6.1.1 policy inputs (user-initial-policy-set and the three initial flags). */
export interface PolicyInputs {
  userInitialPolicySet?: string[];
  initialExplicitPolicy?: boolean;
  initialPolicyMappingInhibit?: boolean;
  initialAnyPolicyInhibit?: boolean;
}

export interface ValidationContext {
  /** The validation time, floored to the second (certificate times have second precision). */
  time: Date;
  /**
   * The latest issue time of a CRL that counts (RFC 5280 5.1.2.4): the validation time for path
   * validation; the time of the check when signature validation asks about a past time.
   */
  crlsIssuedBy: Date;
  pool: CertificatePool;
  /** The CRLs of the call, newest first. */
  crls: CrlView[];
  limits: ValidationLimits;
  /** The caller's budget (one per verification request), shared by every call it is given to. */
  budget: WorkBudget;
  requireRevocation: boolean;
  requiredEkus: string[];
  maxIntermediates: number;
  policy: PolicyInputs;
  legacyAlgorithms: boolean;
  /** Results of signature checks, by signed object and key. */
  signatureMemo: Map<string, boolean>;
  /** Imported public keys, by the hex of their SubjectPublicKeyInfo. */
  keyCache: Map<string, KeyObject>;
  /** CRL signer certificates whose own path is being validated (cycle guard). */
  signerStack: Set<string>;
  /** CRL signer certificates already found valid, by fingerprint and anchor. */
  validSigners: Set<string>;
  /** Validates the path of a CRL issuer's certificate to the given anchor (RFC 5280 6.3.3(f)). */
  validateSignerPath(signer: CertView, anchor: CertView, depth: number): PathFailure | undefined;
}

/** Outcome of one signature check; budget exhaustion is its own outcome. */
export type SignatureCheck = 'valid' | 'invalid' | 'limit';

/**
 * Verifies a signature over `signed` with the key `spkiDer` (the working public key of 6.1.3(a)(1)
 * or a CRL issuer's key), memoised per call. Throws FormatError for an unsupported algorithm or an
 * unreadable key.
 */
export function checkSignature(
  ctx: ValidationContext,
  objectId: string,
  algorithm: AlgorithmIdentifier,
  signed: Uint8Array,
  signature: Uint8Array,
  spkiDer: Uint8Array,
): SignatureCheck {
  const keyHex = toHex(spkiDer);
  const memoKey = `${objectId}|${keyHex}`;
  const known = ctx.signatureMemo.get(memoKey);
  if (known !== undefined) return known ? 'valid' : 'invalid';
  const scheme = verificationSchemeFromAlgorithmIdentifier(algorithm, {
    legacy: ctx.legacyAlgorithms,
  });
  let key = ctx.keyCache.get(keyHex);
  if (!key) {
    key = publicKeyFromSpki(spkiDer);
    ctx.keyCache.set(keyHex, key);
  }
  if (!ctx.budget.spend('signatureChecks')) return 'limit';
  const ok = verifySignature(scheme, key, signed, signature);
  ctx.signatureMemo.set(memoKey, ok);
  return ok ? 'valid' : 'invalid';
}

/** A working public key (RFC 5280 6.1.2(g)-(i)): parsed, for inheritance, and as DER. */
export interface WorkingKey {
  spki: SubjectPublicKeyInfo;
  der: Uint8Array;
}

/** The working key after a certificate: its key, with inherited parameters (6.1.4(d)-(f)). */
export function workingKeyOf(cert: CertView, issuerKey: WorkingKey | undefined): WorkingKey {
  const own = cert.tbs.subjectPublicKeyInfo;
  const spki = inheritKeyParameters(own, issuerKey?.spki);
  return { spki, der: spki === own ? cert.spkiDer : new Uint8Array(AsnConvert.serialize(spki)) };
}

/**
 * The per-certificate steps of RFC 5280 6.1.3 (basic certificate processing), 6.1.4 (preparation
 * for certificate i+1) and 6.1.5 (wrap-up), each a small function named after its step. Each
 * returns a PathFailure or undefined; policy steps are in policies.ts, name constraints in
 * name-constraints.ts, revocation (6.1.3(a)(3)) in crl-status.ts.
 */
import { verificationKeyProblem } from '../algorithms';
import * as oid from '../oid';
import { KU_KEY_CERT_SIGN, extensionName, type CertView } from '../x509/certificate-model';
import { checkSignature, type ValidationContext, type WorkingKey } from './context';
import { failure, type PathFailure } from './errors';
import type { NameView } from './names';

const day = (d: Date): string => d.toISOString().replace('.000Z', 'Z');

/** 6.1.3(a)(1): the signature verifies with the working public key. */
export function verifyCertificateSignature(
  ctx: ValidationContext,
  cert: CertView,
  issuerKey: WorkingKey,
  issuerLabel: string,
): PathFailure | undefined {
  const outcome = checkSignature(
    ctx,
    `cert:${cert.fingerprint}`,
    cert.cert.signatureAlgorithm,
    cert.tbsDer,
    cert.signatureValue,
    issuerKey.der,
  );
  if (outcome === 'valid') return undefined;
  if (outcome === 'limit') {
    return failure('LIMIT_EXCEEDED', 'Signet stopped after checking too many signatures.');
  }
  return failure(
    'BAD_SIGNATURE',
    `The signature on "${cert.label}" does not verify with the key of "${issuerLabel}".`,
  );
}

/** 6.1.3(a)(1), the key side: the certified key is one Signet relies on (algorithms.ts). */
export function checkPublicKey(cert: CertView, legacy: boolean): PathFailure | undefined {
  const problem = verificationKeyProblem(cert.tbs.subjectPublicKeyInfo, cert.spkiDer, { legacy });
  return problem ? failure('WEAK_KEY', `"${cert.label}" is not relied on: ${problem}.`) : undefined;
}

/** 6.1.3(a)(2): the validation time lies within notBefore..notAfter, both inclusive (4.1.2.5). */
export function checkValidityPeriod(cert: CertView, time: Date): PathFailure | undefined {
  if (time < cert.notBefore) {
    return failure(
      'NOT_YET_VALID',
      `"${cert.label}" is not valid before ${day(cert.notBefore)}, after the validation time ${day(time)}.`,
    );
  }
  if (time > cert.notAfter) {
    return failure(
      'EXPIRED',
      `"${cert.label}" expired at ${day(cert.notAfter)}, before the validation time ${day(time)}.`,
    );
  }
  return undefined;
}

/** 6.1.3(a)(4): the issuer name is the working_issuer_name. */
export function checkNameChaining(
  cert: CertView,
  workingIssuerName: NameView,
): PathFailure | undefined {
  if (cert.issuer.key === workingIssuerName.key) return undefined;
  return failure(
    'NAME_CHAINING',
    `The issuer of "${cert.label}" is "${cert.issuer.text}", not "${workingIssuerName.text}".`,
  );
}

/** 6.1.4(k): an issuing certificate is a v3 certificate with basicConstraints cA TRUE. */
export function checkCaBasicConstraints(cert: CertView): PathFailure | undefined {
  if (cert.version === 3 && cert.isCA()) return undefined;
  const why =
    cert.version !== 3
      ? `is a version ${cert.version} certificate`
      : cert.basicConstraints()
        ? 'has basicConstraints with cA FALSE'
        : 'has no basicConstraints extension';
  return failure(
    'BASIC_CONSTRAINTS',
    `"${cert.label}" issues certificates in this path but ${why}, so it is not a CA.`,
  );
}

/** 6.1.4(l): a certificate that is not self-issued uses up one step of max_path_length. */
export function checkPathLength(cert: CertView, maxPathLength: number): PathFailure | undefined {
  if (cert.selfIssued || maxPathLength > 0) return undefined;
  return failure(
    'PATH_LENGTH',
    `"${cert.label}" is one CA certificate more than the pathLenConstraint of a CA above it allows.`,
  );
}

/** 6.1.4(l)-(m): the new max_path_length after certificate i. */
export function nextMaxPathLength(cert: CertView, maxPathLength: number): number {
  const after = cert.selfIssued ? maxPathLength : maxPathLength - 1;
  const constraint = cert.basicConstraints()?.pathLenConstraint;
  return constraint !== undefined && constraint < after ? constraint : after;
}

/** 6.1.4(n): when keyUsage is present, keyCertSign is set. */
export function checkKeyCertSign(cert: CertView): PathFailure | undefined {
  const ku = cert.keyUsage();
  if (ku === undefined || (ku & KU_KEY_CERT_SIGN) !== 0) return undefined;
  return failure(
    'KEY_USAGE',
    `"${cert.label}" issues certificates in this path but its keyUsage lacks keyCertSign.`,
  );
}

/** Extensions this implementation processes, so they may be critical (6.1.4(o), 6.1.5(f)). */
const PROCESSED_EXTENSIONS = new Set([
  oid.OID_CE_BASIC_CONSTRAINTS,
  oid.OID_CE_KEY_USAGE,
  oid.OID_CE_EXT_KEY_USAGE,
  oid.OID_CE_SUBJECT_ALT_NAME,
  oid.OID_CE_ISSUER_ALT_NAME,
  oid.OID_CE_NAME_CONSTRAINTS,
  oid.OID_CE_CERTIFICATE_POLICIES,
  oid.OID_CE_POLICY_MAPPINGS,
  oid.OID_CE_POLICY_CONSTRAINTS,
  oid.OID_CE_INHIBIT_ANY_POLICY,
  oid.OID_CE_CRL_DISTRIBUTION_POINTS,
  oid.OID_CE_SUBJECT_KEY_IDENTIFIER,
  oid.OID_CE_AUTHORITY_KEY_IDENTIFIER,
]);

/** 6.1.4(o) and 6.1.5(f): every critical extension is one this implementation processes. */
export function checkCriticalExtensions(cert: CertView): PathFailure | undefined {
  for (const id of cert.extensionIds()) {
    const ext = cert.extension(id);
    if (ext?.critical && !PROCESSED_EXTENSIONS.has(id)) {
      return failure(
        'UNKNOWN_CRITICAL_EXTENSION',
        `"${cert.label}" has a critical extension (${extensionName(id)}) that Signet does not process.`,
      );
    }
  }
  return undefined;
}

/**
 * The caller's extended key usages on the end-entity certificate (RFC 5280 4.2.1.12). An absent
 * extension means any purpose. anyExtendedKeyUsage does NOT stand for a required purpose: a
 * document-signing certificate must name id-kp-documentSigning (RFC 9336) itself, as a relying
 * party that requires a purpose should insist (4.2.1.12 leaves the choice to the application).
 * The extended key usages of CA certificates are not intersected: RFC 5280 defines no such rule.
 */
export function checkExtendedKeyUsage(
  cert: CertView,
  required: readonly string[],
): PathFailure | undefined {
  const ekus = cert.extKeyUsage();
  if (required.length === 0 || ekus === undefined) return undefined;
  const missing = required.filter((purpose) => !ekus.includes(purpose));
  if (missing.length === 0) return undefined;
  return failure(
    'EKU',
    `"${cert.label}" is not certified for the required purpose ${missing.join(', ')}.`,
  );
}

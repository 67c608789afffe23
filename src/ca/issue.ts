import { createHash } from 'node:crypto';
import { isKeyAlgorithmName } from '../core/algorithms';
import { FormatError } from '../core/errors';
import { signCertificate } from '../core/x509/certificate';
import { readCsr } from '../core/x509/csr';
import { buildName } from '../core/x509/name';
import { readCertificate } from '../core/x509/read';
import { serialFromRandom, SERIAL_RANDOM_BYTES } from '../core/x509/serial';
import type { AuthorityCache, CaDeps } from './context';
import { CaError } from './errors';
import { checkKeyAllowed } from './key-policy';
import { PROFILES } from './profiles';
import type { CertificateRecord, DepartmentRecord } from '../ports';
import { buildTemplate } from './template';

export interface IssueRequest {
  departmentId: string;
  days?: number;
  /** PKCS#10 request (PEM or DER); without it Signet makes and keeps the key. */
  csr?: Uint8Array;
  /** Algorithm of a kept key; defaults to the CA's. */
  keyAlgorithm?: string;
  actor: string;
  /** Set by renewal: the audit action and the certificate being renewed. */
  renewalOf?: string;
  /** Renewal of a CSR-based certificate: certify the same public key again (DER certificate). */
  reuseKeyOf?: Uint8Array;
}

export interface IssuedCertificate {
  serial: string;
  department: string;
  status: 'valid';
  certificate: Uint8Array;
  notBefore: string;
  notAfter: string;
  custodial: boolean;
}

interface SubjectKey {
  publicKey: Uint8Array;
  keyAlgorithm: string;
  /** Set when the vault made the key for this issuance (destroyed if issuance fails). */
  keyId?: string;
}

/**
 * Issues a department's document-signing certificate, as a short pipeline (STYLE.md rule 10):
 * subject key, template from the profile, reserve the serial and record the intent, sign, store
 * with its audit entry. A failure after the reservation marks the serial failed, audits it, and
 * releases nothing.
 */
export async function issueCertificate(
  deps: CaDeps,
  cache: AuthorityCache,
  req: IssueRequest,
): Promise<IssuedCertificate> {
  const issuer = cache.get('issuing');
  const department = deps.departments.department(req.departmentId);
  if (!department)
    throw new CaError('UNKNOWN_DEPARTMENT', `There is no department "${req.departmentId}".`);
  const organization = deps.settings.settings()?.organization ?? '';
  const subjectKey = req.csr
    ? keyFromCsr(req.csr)
    : req.reuseKeyOf
      ? reusedKey(req.reuseKeyOf)
      : await keptKey(deps, req.keyAlgorithm ?? deps.settings.settings()?.algorithm);
  const now = deps.clock.now();
  const at = now.toISOString();
  try {
    const template = buildTemplate(PROFILES.department, {
      serial: serialFromRandom(deps.random.bytes(SERIAL_RANDOM_BYTES)),
      subject: subjectName(department, organization),
      subjectPublicKey: subjectKey.publicKey,
      issuer: {
        name: issuer.subject,
        keyIdentifier: issuer.keyIdentifier,
        notAfter: issuer.notAfter,
      },
      now,
      days: req.days,
      publicUrl: deps.publicUrl,
    });
    const record: CertificateRecord = {
      serial: Buffer.from(template.serial).toString('hex').toUpperCase(),
      issuerKeyId: issuer.keyIdentifierHex,
      role: 'department',
      departmentId: department.id,
      status: 'reserved',
      subject: `CN=${department.name}, OU=${department.id}`,
      notBefore: template.notBefore.toISOString(),
      notAfter: template.notAfter.toISOString(),
      keyId: subjectKey.keyId,
      keyAlgorithm: subjectKey.keyAlgorithm,
      createdAt: at,
      publicKeySha256: createHash('sha256').update(subjectKey.publicKey).digest('hex'),
      keyCustody: subjectKey.keyId ? deps.vault.custody.kind : 'external',
    };
    deps.tx.transaction(() => {
      checkKeyBinding(deps, record);
      deps.certificates.reserve(record);
    });
    try {
      const der = await signCertificate(template, issuer.signer);
      deps.tx.transaction(() => {
        deps.certificates.markIssued(record.issuerKeyId, record.serial, der);
        deps.audit.append({
          at,
          actor: req.actor,
          action: req.renewalOf ? 'certificate.renewed' : 'certificate.issued',
          subject: record.serial,
          details: {
            role: 'department',
            department: department.id,
            notAfter: record.notAfter,
            ...(subjectKey.keyId
              ? { keyGenerated: subjectKey.keyId, keyAlgorithm: subjectKey.keyAlgorithm }
              : { fromCsr: true }),
            ...(req.renewalOf ? { renewalOf: req.renewalOf } : {}),
          },
        });
      });
      return {
        serial: record.serial,
        department: department.id,
        status: 'valid',
        certificate: der,
        notBefore: record.notBefore,
        notAfter: record.notAfter,
        custodial: Boolean(subjectKey.keyId),
      };
    } catch (cause) {
      recordFailure(deps, record, req.actor, at);
      throw new CaError(
        'ISSUANCE_FAILED',
        'The certificate could not be issued; no certificate was released.',
        { cause },
      );
    }
  } catch (error) {
    if (subjectKey.keyId) await deps.vault.destroy(subjectKey.keyId).catch(() => undefined);
    throw error;
  }
}

/**
 * One key, one department (Electronic Signature Law Art. 13(1): the creation data belongs to the
 * signer alone): a public key certified for another department is refused, and a key revoked for
 * keyCompromise (RFC 5280 5.3.1) is never certified again, for anyone.
 */
function checkKeyBinding(deps: Pick<CaDeps, 'certificates'>, record: CertificateRecord): void {
  for (const other of deps.certificates.withPublicKey(record.publicKeySha256 ?? '')) {
    if (other.status === 'revoked' && other.revocationReason === 'keyCompromise') {
      throw new CaError(
        'KEY_NOT_ALLOWED',
        `This public key was revoked for keyCompromise (certificate ${other.serial}) and is never certified again.`,
      );
    }
    if (other.departmentId !== record.departmentId && other.status !== 'failed') {
      throw new CaError(
        'KEY_NOT_ALLOWED',
        'This public key is already certified for another department; each department signs with its own key.',
      );
    }
  }
}

/** The serial stays reserved-then-failed (never reused) and the audit log says why. */
function recordFailure(deps: CaDeps, record: CertificateRecord, actor: string, at: string): void {
  try {
    deps.tx.transaction(() => {
      deps.certificates.markFailed(record.issuerKeyId, record.serial);
      deps.audit.append({
        at,
        actor,
        action: 'certificate.issue_failed',
        subject: record.serial,
        details: { department: record.departmentId },
      });
    });
  } catch {
    // The store itself is failing; the reserved row without a certificate is already "not issued".
  }
}

/** SPEC.md: CN=<name>, OU=<department id>, O=<org>, C=CN. */
function subjectName(department: DepartmentRecord, organization: string) {
  return buildName({
    country: 'CN',
    organization,
    organizationalUnit: department.id,
    commonName: department.name,
  });
}

function keyFromCsr(csr: Uint8Array): SubjectKey {
  try {
    const checked = readCsr(csr);
    return {
      publicKey: checked.subjectPublicKey,
      keyAlgorithm: checkKeyAllowed(checked.subjectPublicKey),
    };
  } catch (cause) {
    if (cause instanceof CaError) throw cause;
    const why =
      cause instanceof FormatError && cause.code === 'INVALID_VALUE'
        ? cause.message
        : 'The certificate signing request cannot be read.';
    throw new CaError('INVALID_CSR', why, { cause });
  }
}

function reusedKey(certificate: Uint8Array): SubjectKey {
  const publicKey = readCertificate(certificate).subjectPublicKey;
  return { publicKey, keyAlgorithm: checkKeyAllowed(publicKey) };
}

async function keptKey(deps: CaDeps, algorithm: string | undefined): Promise<SubjectKey> {
  const name = algorithm ?? 'ecdsa-p256';
  if (!isKeyAlgorithmName(name))
    throw new CaError('INVALID_ALGORITHM', `"${name}" is not a key algorithm Signet makes.`);
  const key = await deps.vault.generate(name);
  return { publicKey: key.publicKey, keyAlgorithm: name, keyId: key.keyId };
}

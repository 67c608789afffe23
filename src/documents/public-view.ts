/**
 * The public view of a registered document (SPEC.md "Verification codes"): what a verification code
 * or a digest stands for, with its signing certificate's status now and the verdict of both
 * together. Read-only: the register and the CA's certificates, never a write.
 */
import { digest } from '../core/algorithms';
import { toHex } from '../core/encoding';
import { hsmHeld, type CertificateLookup, type Clock, type DepartmentLookup } from '../ports';
import { DocumentError } from './errors';
import type { DocumentRecord, DocumentRegistry } from './ports';
import {
  registryVerdict,
  type RegisteredCertificate,
  type RegistryVerdict,
} from './registry-verdict';
import { formatVerificationCode, normalizeVerificationCode } from './verification-code';

export interface PublicDocumentView {
  id: string;
  verificationCode: string;
  department: { id: string; name?: string };
  fileName?: string;
  digest: { algorithm: string; value: string };
  format: string;
  level: string;
  signedAt: string;
  certificateSerial: string;
  status: DocumentRecord['status'];
  statusReason?: string;
  statusChangedAt?: string;
  supersededBy?: { id: string; verificationCode: string };
  /** The signing certificate's status now; absent when the CA no longer holds it. */
  certificate?: RegisteredCertificate;
  /** What the document's and its certificate's status mean together (registry-verdict.ts). */
  verdict: RegistryVerdict;
}

/** What the public view of a document reads: the register, never a write. */
export interface DocumentViewDeps {
  clock: Clock;
  certificates: Pick<CertificateLookup, 'findBySerial'>;
  departments: DepartmentLookup;
  documents: Pick<DocumentRegistry, 'byId'>;
}

/** The department certificate a document was signed with, and its status at `now`. */
function signingCertificate(
  deps: DocumentViewDeps,
  record: DocumentRecord,
  now: Date,
): RegisteredCertificate | undefined {
  const stored = deps.certificates
    .findBySerial(record.certificateSerial)
    .find((c) => c.role === 'department' && c.departmentId === record.departmentId && c.der);
  if (!stored?.der) return undefined;
  const revoked = stored.status === 'revoked' && stored.revokedAt !== undefined;
  return {
    serial: stored.serial,
    fingerprint: toHex(digest('sha256', stored.der)),
    status: revoked ? 'revoked' : new Date(stored.notAfter) < now ? 'expired' : 'valid',
    notAfter: stored.notAfter,
    ...(hsmHeld(stored) === undefined ? {} : { hsmHeld: hsmHeld(stored) }),
    ...(revoked ? { revokedAt: stored.revokedAt, revocationReason: stored.revocationReason } : {}),
  };
}

export function publicView(deps: DocumentViewDeps, record: DocumentRecord): PublicDocumentView {
  const replacement = record.supersededBy ? deps.documents.byId(record.supersededBy) : undefined;
  const certificate = signingCertificate(deps, record, deps.clock.now());
  return {
    id: record.id,
    verificationCode: formatVerificationCode(record.verificationCode),
    department: {
      id: record.departmentId,
      name: deps.departments.department(record.departmentId)?.name,
    },
    fileName: record.fileName,
    digest: { algorithm: record.digestAlgorithm, value: record.digest },
    format: record.format,
    level: record.level,
    signedAt: record.signedAt,
    certificateSerial: record.certificateSerial,
    status: record.status,
    statusReason: record.statusReason,
    statusChangedAt: record.statusChangedAt,
    supersededBy: replacement && {
      id: replacement.id,
      verificationCode: formatVerificationCode(replacement.verificationCode),
    },
    certificate,
    verdict: registryVerdict({
      status: record.status,
      level: record.level,
      signedAt: record.signedAt,
      certificate,
    }),
  };
}

/** What a verification code stands for: public, and never the document's content. */
export function documentByCode(
  deps: DocumentViewDeps & { documents: Pick<DocumentRegistry, 'byCode'> },
  input: string,
): PublicDocumentView {
  const code = normalizeVerificationCode(input);
  const record = code ? deps.documents.byCode(code) : undefined;
  if (!record)
    throw new DocumentError('UNKNOWN_DOCUMENT', 'No signed document has this verification code.');
  return publicView(deps, record);
}

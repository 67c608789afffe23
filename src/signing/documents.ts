import { hsmHeld } from '../ca/certificates';
import type { CaDeps } from '../ca/context';
import { digest } from '../core/algorithms';
import { toHex } from '../core/encoding';
import {
  registryVerdict,
  type RegisteredCertificate,
  type RegistryVerdict,
} from '../verification/registry-verdict';
import { SigningError } from './errors';
import type { DocumentRecord, DocumentRegistry } from './ports';
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

type Deps = {
  ca: Pick<CaDeps, 'departments' | 'certificates' | 'clock' | 'tx' | 'audit'>;
  documents: DocumentRegistry;
};

/** What the public view of a document reads: the register, never a write. */
type ViewDeps = {
  ca: Pick<CaDeps, 'departments' | 'certificates' | 'clock'>;
  documents: Pick<DocumentRegistry, 'byId'>;
};

/** The department certificate a document was signed with, and its status at `now`. */
function signingCertificate(
  deps: ViewDeps,
  record: DocumentRecord,
  now: Date,
): RegisteredCertificate | undefined {
  const stored = deps.ca.certificates
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

export function publicView(deps: ViewDeps, record: DocumentRecord): PublicDocumentView {
  const replacement = record.supersededBy ? deps.documents.byId(record.supersededBy) : undefined;
  const certificate = signingCertificate(deps, record, deps.ca.clock.now());
  return {
    id: record.id,
    verificationCode: formatVerificationCode(record.verificationCode),
    department: {
      id: record.departmentId,
      name: deps.ca.departments.department(record.departmentId)?.name,
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
export function documentByCode(deps: Deps, input: string): PublicDocumentView {
  const code = normalizeVerificationCode(input);
  const record = code ? deps.documents.byCode(code) : undefined;
  if (!record)
    throw new SigningError('UNKNOWN_DOCUMENT', 'No signed document has this verification code.');
  return publicView(deps, record);
}

/**
 * The signing department withdraws a document (rescinded), or replaces it (superseded by another of
 * its own documents). Only the department that signed it may; the change is audited.
 */
export function rescindDocument(
  deps: Deps,
  req: { id: string; departmentId: string; actor: string; reason: string; supersededBy?: string },
): PublicDocumentView {
  const record = deps.documents.byId(req.id);
  // Another department's document is reported as unknown: ids are not confirmed to outsiders.
  if (!record || record.departmentId !== req.departmentId) {
    throw new SigningError(
      'UNKNOWN_DOCUMENT',
      'This department has signed no document with this id.',
    );
  }
  if (record.status !== 'valid')
    throw new SigningError('ALREADY_RESCINDED', `The document is already ${record.status}.`);
  if (req.supersededBy !== undefined) {
    const replacement = deps.documents.byId(req.supersededBy);
    if (
      !replacement ||
      replacement.departmentId !== req.departmentId ||
      replacement.id === record.id
    ) {
      throw new SigningError(
        'INVALID_SUPERSEDING_DOCUMENT',
        'The replacement must be another document signed by this department.',
      );
    }
  }
  const at = deps.ca.clock.now().toISOString();
  const status = req.supersededBy ? 'superseded' : 'rescinded';
  deps.ca.tx.transaction(() => {
    deps.documents.setStatus(record.id, {
      status,
      reason: req.reason,
      at,
      supersededBy: req.supersededBy,
    });
    deps.ca.audit.append({
      at,
      actor: req.actor,
      action: `document.${status}`,
      subject: record.id,
      details: {
        reason: req.reason,
        ...(req.supersededBy ? { supersededBy: req.supersededBy } : {}),
      },
    });
  });
  const updated = deps.documents.byId(record.id);
  return publicView(deps, updated ?? record);
}

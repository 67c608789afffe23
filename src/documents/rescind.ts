import type { AuditTrail, Transactor } from '../ports';
import { DocumentError } from './errors';
import type { DocumentRegistry } from './ports';
import { publicView, type DocumentViewDeps, type PublicDocumentView } from './public-view';

/** What a change of a document's status writes: the register and the audit log, in one transaction. */
export interface RescindDeps extends DocumentViewDeps {
  documents: DocumentRegistry;
  tx: Transactor;
  audit: AuditTrail;
}

/**
 * The signing department withdraws a document (rescinded), or replaces it (superseded by another of
 * its own documents). Only the department that signed it may; the change is audited.
 */
export function rescindDocument(
  deps: RescindDeps,
  req: { id: string; departmentId: string; actor: string; reason: string; supersededBy?: string },
): PublicDocumentView {
  const record = deps.documents.byId(req.id);
  // Another department's document is reported as unknown: ids are not confirmed to outsiders.
  if (!record || record.departmentId !== req.departmentId) {
    throw new DocumentError(
      'UNKNOWN_DOCUMENT',
      'This department has signed no document with this id.',
    );
  }
  if (record.status !== 'valid')
    throw new DocumentError('ALREADY_RESCINDED', `The document is already ${record.status}.`);
  if (req.supersededBy !== undefined) {
    const replacement = deps.documents.byId(req.supersededBy);
    if (
      !replacement ||
      replacement.departmentId !== req.departmentId ||
      replacement.id === record.id
    ) {
      throw new DocumentError(
        'INVALID_SUPERSEDING_DOCUMENT',
        'The replacement must be another document signed by this department.',
      );
    }
  }
  const at = deps.clock.now().toISOString();
  const status = req.supersededBy ? 'superseded' : 'rescinded';
  deps.tx.transaction(() => {
    deps.documents.setStatus(record.id, {
      status,
      reason: req.reason,
      at,
      supersededBy: req.supersededBy,
    });
    deps.audit.append({
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

/**
 * Archive renewal (ETSI EN 319 122-1 5.5.3 for CAdES, EN 319 142-1 5.4.3 for PAdES): a signature
 * stays verifiable after its certificates expire as long as, before the last time-stamp's
 * authority certificate (or its algorithm) expires, a fresh time-stamp covers it with the latest
 * validation data. CAdES gains an archive-time-stamp-v3 whose hash index covers the earlier ones;
 * a PDF gains its DSS's new entries and a document time-stamp in new incremental revisions.
 */
import { addArchiveTimestamp, CmsError } from '../core/cms';
import { FormatError } from '../core/errors';
import { addDocumentSecurityStore, hasPdfHeader, readPdfSignatures } from '../core/pades';
import { assertOwnSignatures } from './archive-owner';
import { addDocumentTimestamp } from './document-timestamp';
import { SigningError } from './errors';
import { tsaSource, validationData, type SigningDeps } from './sign';

export interface RenewedArchive {
  format: 'cades' | 'pades';
  /** The CMS (CAdES) or the PDF (PAdES) with the new time-stamp. */
  bytes: Uint8Array;
  renewedAt: string;
}

/** A file that is not a signature file Signet can parse: the caller's mistake (400). */
function notArchivable(error: unknown): never {
  if (error instanceof FormatError || (error instanceof CmsError && error.kind === 'invalid')) {
    throw new SigningError('NOT_ARCHIVABLE', `The file cannot be archived: ${error.message}`, {
      cause: error,
    });
  }
  throw error;
}

/**
 * Adds a fresh archive or document time-stamp to a signature file, and audits it. With
 * `departmentId` (a department's call) every signature in the file must be one of its own.
 */
export async function renewArchive(
  deps: SigningDeps,
  req: { file: Uint8Array; actor: string; name?: string; departmentId?: string },
): Promise<RenewedArchive> {
  const pdf = hasPdfHeader(req.file);
  if (pdf && readPdfSignatures(req.file).signatures.length === 0) {
    throw new SigningError('NOT_ARCHIVABLE', 'The PDF carries no signature to keep.');
  }
  if (req.departmentId !== undefined) {
    try {
      assertOwnSignatures(deps, req.file, req.departmentId);
    } catch (error) {
      notArchivable(error);
    }
  }
  const data = await validationData(deps);
  const bytes = pdf
    ? await addDocumentTimestamp(addDocumentSecurityStore(req.file, data), deps.tsa)
    : await addArchiveTimestamp(req.file, tsaSource(deps), data).catch(notArchivable);
  const renewedAt = deps.clock.now().toISOString();
  deps.audit.append({
    at: renewedAt,
    actor: req.actor,
    action: 'document.archive_renewed',
    subject: req.name ?? (pdf ? 'pdf' : 'cms'),
    details: { format: pdf ? 'pades' : 'cades', bytes: bytes.length },
  });
  return { format: pdf ? 'pades' : 'cades', bytes, renewedAt };
}

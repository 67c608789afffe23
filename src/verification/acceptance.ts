/**
 * ETSI EN 319 102-1 5.2.8, signature acceptance validation, with Signet's one constraint on top of
 * the signature itself: the signing department still stands by the document (the registry status
 * of SPEC.md: valid, rescinded or superseded). A rescinded or superseded document fails this
 * constraint: the signature is genuine, but the document no longer has effect, which ETSI reports
 * as INDETERMINATE/SIG_CONSTRAINTS_FAILURE (never TOTAL_PASSED, and not TOTAL_FAILED, which would
 * say the signature is forged or broken).
 */
import type { HashName } from '../core/algorithms';
import type { CertView } from '../core/validation';
import type { PublicDocumentView } from '../documents';
import type { DocumentDigests } from './document';
import { hexOf } from './document';
import type { DocumentLookup } from './ports';
import { reason } from './reasons';
import { indeterminate, outcome, type CheckOutcome } from './report';

/** The registry entries of a document, under every digest of it that is known, newest first. */
export function registryEntries(
  lookup: DocumentLookup | undefined,
  document: DocumentDigests | undefined,
): PublicDocumentView[] {
  if (!lookup || !document) return [];
  const entries = new Map<string, PublicDocumentView>();
  for (const [hash, value] of Object.entries(document.digests) as [HashName, Uint8Array][]) {
    for (const entry of lookup.byDigest(hash, hexOf(value))) entries.set(entry.id, entry);
  }
  return [...entries.values()].sort((a, b) => b.signedAt.localeCompare(a.signedAt));
}

/**
 * The entry of this document that this signature's certificate registered (matched by the
 * certificate's SHA-256 fingerprint, never by serial alone: another CA may reuse a serial): the one
 * signed in the second its signing-time names (signing-time has whole seconds), else the newest;
 * undefined when none (another signer's entry says nothing about this signature).
 */
export function entryOfSignature(
  entries: readonly PublicDocumentView[],
  signer: CertView | undefined,
  signingTime: Date | undefined,
): PublicDocumentView | undefined {
  if (!signer) return undefined;
  const own = entries.filter((e) => e.certificate?.fingerprint === signer.fingerprint);
  const sameSecond = (e: PublicDocumentView): boolean => {
    const delta = new Date(e.signedAt).getTime() - (signingTime?.getTime() ?? Number.NaN);
    return delta >= 0 && delta < 1000;
  };
  return own.find(sameSecond) ?? own[0];
}

const departmentOf = (entry: PublicDocumentView): string =>
  entry.department.name ?? entry.department.id;

/**
 * ETSI EN 319 102-1 5.2.8: the document's status in Signet's register. Without an entry, `changed`
 * says the document is not the one signed: the register is looked up by the document's digest, so
 * a changed document is not found there, whoever signed it.
 */
export function checkDocumentStatus(
  entry: PublicDocumentView | undefined,
  changed = false,
): CheckOutcome {
  if (!entry) {
    return outcome(
      'document_status',
      'not_checked',
      reason(changed ? 'document_status.changed' : 'document_status.unregistered'),
    );
  }
  const registered = {
    code: entry.verificationCode,
    department: departmentOf(entry),
    signedAt: entry.signedAt,
  };
  if (entry.status === 'valid') {
    return outcome('document_status', 'passed', reason('document_status.valid', registered));
  }
  // The register records when and why with every change of status (documents/rescind.ts).
  const change = {
    ...registered,
    changedAt: entry.statusChangedAt ?? '',
    why: entry.statusReason ?? '',
  };
  return outcome(
    'document_status',
    'failed',
    entry.status === 'superseded'
      ? reason('document_status.superseded', {
          ...change,
          replacement: entry.supersededBy?.verificationCode ?? '',
        })
      : reason('document_status.rescinded', change),
    indeterminate('SIG_CONSTRAINTS_FAILURE'),
  );
}

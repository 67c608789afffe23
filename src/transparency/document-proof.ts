import { tlogProofAttribute } from '../core/cms';
import { documentByCode } from '../documents';
import type { LoggedSignature } from '../ports';
import type { LogStore } from './ports';
import { documentProof } from './read';

/** A document's log proof, and the unsigned attribute (DER) that carries it in a CAdES signature. */
export type DocumentLogProof =
  { status: 'included'; logged: LoggedSignature; attribute: Uint8Array } | { status: 'pending' };

/**
 * The proof of the log entry of the document a verification code names (issue 21), for a
 * signature answered `pending` or a PAdES signature, whose CMS does not carry it. The salt goes
 * only to who holds the code, which already names the document.
 */
export function documentLogProof(
  deps: { store: LogStore; documents: Parameters<typeof documentByCode>[0] },
  code: string,
): DocumentLogProof {
  // UNKNOWN_DOCUMENT (404) for a code the register does not know.
  const { id } = documentByCode(deps.documents, code);
  const logged = documentProof(deps.store, id);
  if (!logged) return { status: 'pending' };
  return {
    status: 'included',
    logged,
    attribute: tlogProofAttribute({ salt: logged.salt, proof: logged.proof }),
  };
}

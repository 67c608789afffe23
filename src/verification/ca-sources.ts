/**
 * The verification ports over this certificate authority: its root as the trust anchor, its issuing
 * CA as the intermediate that signatures made outside Signet leave out, its current CRLs, the issuing CA's and the root's ARL (published
 * anew when the latest is half-way to stale), the department certificates it issued (for a
 * signature without its certificate), and the document registry with its public view.
 */
import type { AuthorityCache, CaDeps } from '../ca/context';
import type { CertificateRecord, CrlRecord } from '../ca/ports';
import { serialToHex } from '../core/encoding';
import { publicView } from '../signing/documents';
import type { DocumentRegistry } from '../signing/ports';
import type { VerificationDeps } from './verify';

export function caVerificationDeps(input: {
  ca: CaDeps;
  authorities: AuthorityCache;
  /** The current CRLs, the issuing CA's and the root's ARL (ca/crl.ts CurrentCrl). */
  crl: { all(): Promise<CrlRecord[]> };
  documents?: DocumentRegistry;
}): VerificationDeps {
  const { ca, authorities, crl, documents } = input;
  return {
    clock: ca.clock,
    trusted: {
      anchors: () => [authorities.get('root').der],
      intermediates: () => authorities.issuingCas(ca.clock.now()).map((a) => a.der),
    },
    revocation: { currentCrls: async () => (await crl.all()).map((c) => c.der) },
    ...registryVerificationDeps({ ca, documents }),
  };
}

/**
 * The look-ups into this CA's register alone (issued certificates, signed documents): all a
 * verification worker needs from the database, which it reads through its own read-only
 * connection (workers/verify-worker.ts).
 */
export function registryVerificationDeps(input: {
  ca: Pick<CaDeps, 'clock' | 'certificates' | 'departments'>;
  documents?: Pick<DocumentRegistry, 'byDigest' | 'byId'>;
}): Pick<VerificationDeps, 'issued' | 'documents'> {
  const { ca, documents } = input;
  const ders = (records: CertificateRecord[]): Uint8Array[] =>
    records.flatMap((r) => (r.role === 'department' && r.der ? [r.der] : []));
  return {
    issued: {
      candidatesFor: (sid) =>
        ders(
          sid.kind === 'issuerAndSerialNumber'
            ? ca.certificates.findBySerial(serialToHex(sid.serialNumber))
            : ca.certificates.list({ role: 'department', statuses: ['issued', 'revoked'] }),
        ),
    },
    documents: documents && {
      byDigest: (hash, hex) =>
        documents.byDigest(hash, hex).map((record) => publicView({ ca, documents }, record)),
    },
  };
}

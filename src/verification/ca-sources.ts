/**
 * The verification ports over this certificate authority: its root as the trust anchor, its issuing
 * CA as the intermediate that signatures made outside Signet leave out, its current CRL (published
 * anew when the latest is half-way to stale), the department certificates it issued (for a
 * signature without its certificate), and the document registry with its public view.
 */
import type { AuthorityCache, CaDeps } from '../ca/context';
import type { CertificateRecord, CrlRecord } from '../ca/ports';
import { createHash, timingSafeEqual } from 'node:crypto';
import { serialToHex } from '../core/encoding';
import { publicView } from '../signing/documents';
import type { DocumentRegistry } from '../signing/ports';
import type { SignerKeyRecord } from './ports';
import type { VerificationDeps } from './verify';

export function caVerificationDeps(input: {
  ca: CaDeps;
  authorities: AuthorityCache;
  /** The current CRL (ca/crl.ts CurrentCrl). */
  crl: { get(): Promise<CrlRecord> };
  documents?: DocumentRegistry;
}): VerificationDeps {
  const { ca, authorities, crl, documents } = input;
  return {
    clock: ca.clock,
    trusted: {
      anchors: () => [authorities.get('root').der],
      intermediates: () => [authorities.get('issuing').der],
    },
    revocation: { currentCrls: async () => [(await crl.get()).der] },
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
      keyOf: (certificate) => signerKey(ca, certificate),
    },
    documents: documents && {
      byDigest: (hash, hex) =>
        documents.byDigest(hash, hex).map((record) => publicView({ ca, documents }, record)),
    },
  };
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && timingSafeEqual(a, b);

/**
 * The register's record of a department certificate (found by serial, the same DER) and every other
 * certificate it issued for the same SubjectPublicKeyInfo (by its SHA-256, as issue.ts records it).
 */
function signerKey(
  ca: Pick<CaDeps, 'certificates'>,
  certificate: { der: Uint8Array; serial: Uint8Array; spkiDer: Uint8Array },
): SignerKeyRecord | undefined {
  const record = ca.certificates
    .findBySerial(serialToHex(certificate.serial))
    .find((r) => r.role === 'department' && r.der && sameBytes(r.der, certificate.der));
  if (!record?.departmentId) return undefined;
  const spki = createHash('sha256').update(certificate.spkiDer).digest('hex');
  const otherHolders = ca.certificates
    .withPublicKey(spki)
    .filter((r) => r.status === 'issued' || r.status === 'revoked')
    .map((r) => (r.role === 'department' ? (r.departmentId ?? '') : r.role))
    .filter((holder, i, all) => holder !== record.departmentId && all.indexOf(holder) === i);
  return { departmentId: record.departmentId, custody: record.keyCustody, otherHolders };
}

/**
 * The verification ports over this certificate authority: its root as the trust anchor, its issuing
 * CA as the intermediate that signatures made outside Signet leave out, its current CRLs, the issuing CA's and the root's ARL (published
 * anew when the latest is half-way to stale), the department certificates it issued (for a
 * signature without its certificate), and the document registry with its public view. Read-only:
 * verification is given look-ups, never the CA's writers.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { serialToHex } from '../core/encoding';
import { publicView, type DocumentRegistry } from '../documents';
import type {
  AuthorityLookup,
  CertificateLookup,
  CertificateRecord,
  Clock,
  CurrentCrlSource,
  DepartmentLookup,
} from '../ports';
import type { SignerKeyRecord } from './ports';
import type { VerificationDeps } from './verify';

/** The CA's register as verification reads it: certificates and departments, by look-up only. */
export interface RegisterLookups {
  clock: Clock;
  certificates: CertificateLookup;
  departments: DepartmentLookup;
  documents?: Pick<DocumentRegistry, 'byDigest' | 'byId'>;
}

export function caVerificationDeps(
  input: RegisterLookups & {
    authorities: AuthorityLookup;
    /** The current CRLs, the issuing CA's and the root's ARL (ca/crl.ts CurrentCrl). */
    crl: CurrentCrlSource;
    /** This Signet's transparency-log key (vkey), once it has one. */
    logVkey?: string;
  },
): VerificationDeps {
  const { authorities, crl } = input;
  return {
    clock: input.clock,
    trusted: {
      anchors: () => [authorities.get('root').der],
      intermediates: () => authorities.issuingCas(input.clock.now()).map((a) => a.der),
    },
    revocation: { currentCrls: async () => (await crl.all()).map((c) => c.der) },
    logKeys: () => (input.logVkey ? [input.logVkey] : []),
    ...registryVerificationDeps(input),
  };
}

/**
 * The look-ups into this CA's register alone (issued certificates, signed documents): all a
 * verification worker needs from the database, which it reads through its own read-only
 * connection (workers/verify-worker.ts).
 */
export function registryVerificationDeps(
  input: RegisterLookups,
): Pick<VerificationDeps, 'issued' | 'documents'> {
  const { certificates, documents } = input;
  const ders = (records: CertificateRecord[]): Uint8Array[] =>
    records.flatMap((r) => (r.role === 'department' && r.der ? [r.der] : []));
  return {
    issued: {
      candidatesFor: (sid) =>
        ders(
          sid.kind === 'issuerAndSerialNumber'
            ? certificates.findBySerial(serialToHex(sid.serialNumber))
            : certificates.list({ role: 'department', statuses: ['issued', 'revoked'] }),
        ),
      keyOf: (certificate) => signerKey(certificates, certificate),
    },
    documents: documents && {
      byDigest: (hash, hex) =>
        documents.byDigest(hash, hex).map((record) => publicView({ ...input, documents }, record)),
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
  certificates: CertificateLookup,
  certificate: { der: Uint8Array; serial: Uint8Array; spkiDer: Uint8Array },
): SignerKeyRecord | undefined {
  const record = certificates
    .findBySerial(serialToHex(certificate.serial))
    .find((r) => r.role === 'department' && r.der && sameBytes(r.der, certificate.der));
  if (!record?.departmentId) return undefined;
  const spki = createHash('sha256').update(certificate.spkiDer).digest('hex');
  const otherHolders = certificates
    .withPublicKey(spki)
    .filter((r) => r.status === 'issued' || r.status === 'revoked')
    .map((r) => (r.role === 'department' ? (r.departmentId ?? '') : r.role))
    .filter((holder, i, all) => holder !== record.departmentId && all.indexOf(holder) === i);
  return { departmentId: record.departmentId, custody: record.keyCustody, otherHolders };
}

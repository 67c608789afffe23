import { FormatError } from '../core/errors';
import { normalizeSerialHex } from '../core/encoding';
import type { CaDeps } from './context';
import { CaError } from './errors';
import { hsmHeld, type CertificateRecord } from '../ports';

export type CertificateStatus = 'valid' | 'revoked' | 'expired' | 'not_issued';

export interface CertificateView {
  serial: string;
  status: CertificateStatus;
  role: CertificateRecord['role'];
  department?: string;
  subject: string;
  notBefore: string;
  notAfter: string;
  custodialKey: boolean;
  keyAlgorithm?: string;
  /** file, pkcs11 or external (the department's own key); absent before it was recorded. */
  keyCustody?: CertificateRecord['keyCustody'];
  /** True: the key is in Signet's HSM; false: in Signet's key files; absent: not known to Signet. */
  hsmHeld?: boolean;
  revokedAt?: string;
  revocationReason?: string;
  certificate?: Uint8Array;
}

/** The status a person means: issued and in date is valid; reserved or failed was never issued. */
export function statusAt(record: CertificateRecord, now: Date): CertificateStatus {
  if (record.status === 'revoked') return 'revoked';
  if (record.status !== 'issued') return 'not_issued';
  return new Date(record.notAfter) < now ? 'expired' : 'valid';
}

export function toView(record: CertificateRecord, now: Date): CertificateView {
  return {
    serial: record.serial,
    status: statusAt(record, now),
    role: record.role,
    department: record.departmentId,
    subject: record.subject,
    notBefore: record.notBefore,
    notAfter: record.notAfter,
    custodialKey: Boolean(record.keyId) && record.role === 'department',
    keyAlgorithm: record.keyAlgorithm,
    keyCustody: record.keyCustody,
    hsmHeld: hsmHeld(record),
    revokedAt: record.revokedAt,
    revocationReason: record.revocationReason,
    certificate: record.der,
  };
}

/** The one stored certificate with this serial (serials are written in hex, any case). */
export function findCertificate(
  deps: Pick<CaDeps, 'certificates'>,
  serialInput: string,
): CertificateRecord {
  let serial: string;
  try {
    serial = normalizeSerialHex(serialInput);
  } catch (cause) {
    if (cause instanceof FormatError) {
      throw new CaError(
        'UNKNOWN_CERTIFICATE',
        `"${serialInput}" is not a serial number in hexadecimal.`,
        { cause },
      );
    }
    throw cause;
  }
  const found = deps.certificates.findBySerial(serial);
  const first = found[0];
  if (!first) throw new CaError('UNKNOWN_CERTIFICATE', `No certificate has serial ${serial}.`);
  if (found.length > 1)
    throw new CaError('AMBIGUOUS_SERIAL', `Serial ${serial} was used by more than one issuer.`);
  return first;
}

export function showCertificate(
  deps: Pick<CaDeps, 'certificates' | 'clock'>,
  serial: string,
): CertificateView {
  return toView(findCertificate(deps, serial), deps.clock.now());
}

export function listCertificates(
  deps: Pick<CaDeps, 'certificates' | 'clock'>,
  filter: {
    departmentId?: string;
    status?: 'valid' | 'revoked' | 'expired';
    /** Only valid certificates whose notAfter comes within this many milliseconds. */
    expiringWithinMs?: number;
  },
): CertificateView[] {
  const now = deps.clock.now();
  const within = filter.expiringWithinMs;
  if (within !== undefined) {
    const until = now.getTime() + within;
    return listCertificates(deps, { departmentId: filter.departmentId, status: 'valid' })
      .filter((v) => new Date(v.notAfter).getTime() <= until)
      .sort((a, b) => a.notAfter.localeCompare(b.notAfter));
  }
  const stored = deps.certificates.list({
    departmentId: filter.departmentId,
    statuses:
      filter.status === 'revoked'
        ? ['revoked']
        : filter.status
          ? ['issued']
          : ['issued', 'revoked'],
  });
  return stored
    .map((r) => toView(r, now))
    .filter((v) => !filter.status || v.status === filter.status);
}

import { buildCrl, isRevocationReason } from '../core/crl';
import { fromHex } from '../core/encoding';
import type { AuthorityCache, CaDeps } from './context';
import type { CrlRecord } from './ports';

/** How long a CRL is current; the service re-publishes well before (RFC 5280 5.1.2.5). */
export const CRL_VALIDITY_MS = 24 * 3_600_000;

/** The INTEGER content octets of a serial written in hex: minimal, with a sign octet if needed. */
export function serialOctets(serialHex: string): Uint8Array {
  const bytes = fromHex(serialHex.length % 2 ? `0${serialHex}` : serialHex);
  return (bytes[0] ?? 0) & 0x80 ? Uint8Array.from([0, ...bytes]) : bytes;
}

/**
 * Publishes a fresh CRL of the issuing CA: every revoked certificate with its reason, a CRL number
 * one above the last (RFC 5280 5.2.3: strictly increasing), thisUpdate now, nextUpdate in 24 h.
 * Called in the revocation's flow too, so the CRL never lags a revocation.
 */
export async function publishCrl(
  deps: CaDeps,
  cache: AuthorityCache,
  actor: string,
): Promise<CrlRecord> {
  const issuer = cache.get('issuing');
  const now = deps.clock.now();
  const revoked = deps.certificates.revokedBy(issuer.keyIdentifierHex);
  const previous = deps.crls.latestCrl(issuer.keyIdentifierHex);
  const number = (previous?.number ?? 0n) + 1n;
  const der = await buildCrl({
    issuerCertificate: issuer.der,
    signer: issuer.signer,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + CRL_VALIDITY_MS),
    crlNumber: number,
    entries: revoked.map((c) => ({
      serial: serialOctets(c.serial),
      revocationDate: new Date(c.revokedAt ?? now.toISOString()),
      reason:
        c.revocationReason && isRevocationReason(c.revocationReason)
          ? c.revocationReason
          : undefined,
    })),
  });
  const record: CrlRecord = {
    number,
    issuerKeyId: issuer.keyIdentifierHex,
    thisUpdate: now.toISOString(),
    nextUpdate: new Date(now.getTime() + CRL_VALIDITY_MS).toISOString(),
    der,
  };
  deps.tx.transaction(() => {
    // A concurrent publisher may have taken this number: the primary key refuses the second one.
    deps.crls.saveCrl(record);
    deps.audit.append({
      at: record.thisUpdate,
      actor,
      action: 'crl.published',
      subject: number.toString(),
      details: { entries: revoked.length, nextUpdate: record.nextUpdate },
    });
  });
  return record;
}

import { buildCrl, isRevocationReason, parseCrl, type RevocationReason } from '../core/crl';
import { fromHex, normalizeSerialHex } from '../core/encoding';
import { SignetError } from '../core/errors';
import type { Authority, AuthorityCache, CaDeps } from './context';
import type { CrlRecord, CurrentCrlSource, IssuingCrlSource } from '../ports';

/**
 * Who signs a CRL: the issuing CA for the certificates it issued, or the root for the issuing CA
 * certificates (its authority revocation list, ARL; RFC 5280 5: a CA's CRL covers the certificates
 * it issued, CA certificates included, and `openssl verify -crl_check_all` wants one per level).
 */
export type CrlIssuerRole = 'issuing' | 'root';

/** How long a CRL is current; the service re-publishes well before (RFC 5280 5.1.2.5). */
export const CRL_VALIDITY_MS = 24 * 3_600_000;

/** The INTEGER content octets of a serial written in hex: minimal, with a sign octet if needed. */
export function serialOctets(serialHex: string): Uint8Array {
  const bytes = fromHex(serialHex.length % 2 ? `0${serialHex}` : serialHex);
  return (bytes[0] ?? 0) & 0x80 ? Uint8Array.from([0, ...bytes]) : bytes;
}

/**
 * Publishes a fresh CRL of the issuing CA (or with role 'root', the root's ARL): every revoked
 * certificate with its reason, a CRL number one above the last (RFC 5280 5.2.3: strictly
 * increasing), thisUpdate now, nextUpdate in 24 h. Called in the revocation's flow too, so the CRL
 * never lags a revocation.
 */
export async function publishCrl(
  deps: CaDeps,
  cache: AuthorityCache,
  actor: string,
  role: CrlIssuerRole = 'issuing',
): Promise<CrlRecord> {
  return publishCrlOf(deps, cache.get(role), actor);
}

/**
 * A revocation that commits with the CRL listing it (revoke.ts): its entry, and its writes, run in
 * the CRL's transaction. The CRL is signed first, so a failure to sign or store it leaves the
 * revocation undone and the caller told so: never a committed revocation that no CRL lists.
 */
export interface CrlRevocation {
  entry: { serial: string; revokedAt: string; reason: RevocationReason };
  commit(): void;
}

/** publishCrl() for one CA certificate and key: a retired issuing CA's too (rollover). */
export async function publishCrlOf(
  deps: CaDeps,
  issuer: CrlSigner,
  actor: string,
  revocation?: CrlRevocation,
): Promise<CrlRecord> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await publishOnce(deps, issuer, actor, revocation);
    } catch (error) {
      // Another writer published the same number first: build again on top of its CRL.
      if (
        !(error instanceof SignetError && error.code === 'STORE_CONSTRAINT') ||
        attempt >= MAX_PUBLISH_ATTEMPTS
      )
        throw error;
    }
  }
}

const MAX_PUBLISH_ATTEMPTS = 5;

/** The CA certificate and key a CRL is signed with. */
type CrlSigner = Pick<Authority, 'der' | 'signer' | 'keyIdentifierHex' | 'role'>;

async function publishOnce(
  deps: CaDeps,
  issuer: CrlSigner,
  actor: string,
  revocation: CrlRevocation | undefined,
): Promise<CrlRecord> {
  const now = deps.clock.now();
  const revoked = deps.certificates.revokedBy(issuer.keyIdentifierHex).map((c) => ({
    serial: c.serial,
    revokedAt: c.revokedAt ?? now.toISOString(),
    reason: c.revocationReason,
  }));
  if (revocation) revoked.push(revocation.entry);
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
      revocationDate: new Date(c.revokedAt),
      reason: c.reason && isRevocationReason(c.reason) ? c.reason : undefined,
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
    revocation?.commit();
    // The primary key (issuer, number) refuses a number another writer took meanwhile.
    deps.crls.saveCrl(record);
    deps.audit.append({
      at: record.thisUpdate,
      actor,
      action: 'crl.published',
      subject: number.toString(),
      details: { issuer: issuer.role, entries: revoked.length, nextUpdate: record.nextUpdate },
    });
  });
  return record;
}

/** Re-publish when less than half the validity is left, long before relying parties see it stale. */
const REFRESH_BEFORE_MS = CRL_VALIDITY_MS / 2;

/**
 * The CRLs a relying party should get now, the issuing CA's (get()) and the root's ARL: the latest
 * one while it has more than half its validity left, else a fresh one. Concurrent callers share
 * one publication per issuer (single flight), so two requests never race for the same CRL number.
 */
export class CurrentCrl implements CurrentCrlSource, IssuingCrlSource {
  private readonly inFlight = new Map<string, Promise<CrlRecord>>();

  constructor(
    private readonly deps: CaDeps,
    private readonly cache: AuthorityCache,
  ) {}

  async get(role: CrlIssuerRole = 'issuing'): Promise<CrlRecord> {
    return this.getOf(this.cache.get(role));
  }

  /**
   * Every current CRL a path of this CA needs: the issuing CA's, those of the issuing CAs retired
   * by a rollover (for the certificates they issued, until their own certificate expires), then
   * the root's ARL.
   */
  async all(): Promise<CrlRecord[]> {
    return Promise.all(this.issuers().map((issuer) => this.getOf(issuer)));
  }

  /**
   * all(), but first publishes a CRL that misses a revoked certificate: revocations commit with
   * their CRL (revoke.ts), but a data directory written by an earlier Signet, which committed the
   * revocation first, may hold one its CRL lacks. Run at start and on the refresh schedule (it
   * reads every revoked row).
   */
  async catchUp(): Promise<CrlRecord[]> {
    return Promise.all(this.issuers().map((issuer) => this.catchUpOf(issuer)));
  }

  /** The current CRL of the issuing CA (in force or retired, in date) with this key identifier. */
  async ofIssuingCa(keyIdentifierHex: string): Promise<CrlRecord | undefined> {
    const now = this.deps.clock.now();
    const issuer = [this.cache.get('issuing'), ...this.cache.retired('issuing', now)].find(
      (ca) => ca.keyIdentifierHex === keyIdentifierHex,
    );
    return issuer && this.getOf(issuer);
  }

  /** Publishes now (after a revocation, or on schedule); joins a publication already running. */
  publish(actor: string, role: CrlIssuerRole = 'issuing'): Promise<CrlRecord> {
    return this.publishOf(this.cache.get(role), actor);
  }

  private issuers(): CrlSigner[] {
    const now = this.deps.clock.now();
    return [
      this.cache.get('issuing'),
      ...this.cache.retired('issuing', now),
      this.cache.get('root'),
    ];
  }

  private async getOf(issuer: CrlSigner): Promise<CrlRecord> {
    const latest = this.deps.crls.latestCrl(issuer.keyIdentifierHex);
    const now = this.deps.clock.now().getTime();
    if (latest && new Date(latest.nextUpdate).getTime() - now > REFRESH_BEFORE_MS) return latest;
    return this.publishOf(issuer, 'system:crl-refresh');
  }

  private async catchUpOf(issuer: CrlSigner): Promise<CrlRecord> {
    const latest = this.deps.crls.latestCrl(issuer.keyIdentifierHex);
    const listed = new Set(
      latest ? parseCrl(latest.der).entries.map((e) => normalizeSerialHex(e.serial)) : [],
    );
    const behind = this.deps.certificates
      .revokedBy(issuer.keyIdentifierHex)
      .some((c) => !listed.has(normalizeSerialHex(c.serial)));
    return behind ? this.publishOf(issuer, 'system:crl-catch-up') : this.getOf(issuer);
  }

  private publishOf(issuer: CrlSigner, actor: string): Promise<CrlRecord> {
    const key = issuer.keyIdentifierHex;
    let running = this.inFlight.get(key);
    if (!running) {
      running = publishCrlOf(this.deps, issuer, actor).finally(() => {
        this.inFlight.delete(key);
      });
      this.inFlight.set(key, running);
    }
    return running;
  }
}

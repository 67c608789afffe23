import { defaultScheme, KEY_ALGORITHMS, isKeyAlgorithmName } from '../core/algorithms';
import type { Signer } from '../core/signer';
import { readCertificate, type CertificateFacts } from '../core/x509/read';
import { CaError } from './errors';
import type {
  AuditLog,
  AuthorityStore,
  CertificateStore,
  CrlStore,
  DepartmentStore,
  SettingsStore,
  TokenStore,
} from './ports';
import type {
  AuthorityLookup,
  AuthorityRole,
  Clock,
  KeyVault,
  RandomSource,
  Transactor,
} from '../ports';

/** Everything the CA use cases depend on, wired by a composition root (main.ts, cli.ts). */
export interface CaDeps {
  clock: Clock;
  random: RandomSource;
  vault: KeyVault;
  tx: Transactor;
  certificates: CertificateStore;
  authorities: AuthorityStore;
  settings: SettingsStore;
  departments: DepartmentStore;
  tokens: TokenStore;
  crls: CrlStore;
  audit: AuditLog;
  publicUrl: string;
}

/** One of the CA's own certificates with the signer of its key. */
export interface Authority extends CertificateFacts {
  role: AuthorityRole;
  keyId: string;
  keyIdentifierHex: string;
  /** The key identifier (hex) of the CA that issued it (its own, for the root). */
  issuerKeyIdHex: string;
  signer: Signer;
}

/**
 * The CA's authorities, read from the store and kept: their certificates change only at init and
 * at a rollover, so use cases need not parse them per call. Each use compares the store's cheap
 * version of the authorities (AuthorityStore.authoritiesVersion) with the one read: a rollover by
 * the CLI beside a running server is in force at its next request, without a restart.
 */
export class AuthorityCache implements AuthorityLookup {
  private cached?: Map<AuthorityRole, Authority>;
  private cachedVersion?: string;
  private retiredCache?: Map<AuthorityRole, Authority[]>;
  private loads = 0;

  constructor(private readonly deps: Pick<CaDeps, 'authorities' | 'certificates' | 'vault'>) {}

  get(role: AuthorityRole): Authority {
    const found = this.all().get(role);
    if (!found)
      throw new CaError(
        'NOT_INITIALIZED',
        'The certificate authority is not set up: run "signet init" first.',
      );
    return found;
  }

  isInitialized(): boolean {
    return this.all().size > 0;
  }

  forget(): void {
    this.cached = undefined;
    this.retiredCache = undefined;
  }

  /** How many times the authorities were read: what is built from them is stale once it grows. */
  generation(): number {
    this.all();
    return this.loads;
  }

  /**
   * The certificates that played `role` before a rollover (`signet ca rollover issuing`, `signet
   * tsa rollover`), newest first: issued, not revoked, not yet expired at `now`, with their key
   * still named. A retired issuing CA keeps signing the CRLs, and its OCSP responder the answers,
   * for the certificates it issued until they expire.
   */
  retired(role: AuthorityRole, now: Date): Authority[] {
    const current = this.all().get(role);
    this.retiredCache ??= new Map();
    let found = this.retiredCache.get(role);
    if (!found) {
      found = this.deps.certificates
        .list({ role, statuses: ['issued'] })
        .filter((r) => r.der && r.keyId && r.serial !== current?.serial)
        .reverse()
        .flatMap((r) => {
          const authority = this.authorityOf({ ...r, role }, r.der);
          return authority ? [authority] : [];
        });
      this.retiredCache.set(role, found);
    }
    return found.filter((a) => a.notAfter > now);
  }

  private all(): Map<AuthorityRole, Authority> {
    const version = this.deps.authorities.authoritiesVersion();
    if (this.cached && version === this.cachedVersion) return this.cached;
    this.retiredCache = undefined;
    this.loads += 1;
    const map = new Map<AuthorityRole, Authority>();
    for (const record of this.deps.authorities.authorities()) {
      const stored = this.deps.certificates
        .findBySerial(record.serial)
        .find((c) => c.issuerKeyId === record.issuerKeyId && c.der);
      const authority = this.authorityOf(record, stored?.der);
      if (authority) map.set(record.role, authority);
    }
    if (map.size > 0) {
      this.cached = map;
      this.cachedVersion = version;
    }
    return map;
  }

  /** The issuing CA in force first, then the retired ones still in date (rollover). */
  issuingCas(now: Date): Authority[] {
    return [this.get('issuing'), ...this.retired('issuing', now)];
  }

  private authorityOf(
    record: { role: AuthorityRole; keyId?: string; keyAlgorithm?: string; issuerKeyId: string },
    der: Uint8Array | undefined,
  ): Authority | undefined {
    const algorithm = record.keyAlgorithm;
    if (!der || !record.keyId || !algorithm || !isKeyAlgorithmName(algorithm)) return undefined;
    const facts = readCertificate(der);
    const scheme = defaultScheme(KEY_ALGORITHMS[algorithm]);
    return {
      ...facts,
      role: record.role,
      keyId: record.keyId,
      keyIdentifierHex: Buffer.from(facts.keyIdentifier).toString('hex'),
      issuerKeyIdHex: record.issuerKeyId,
      signer: this.deps.vault.signer(record.keyId, scheme),
    };
  }
}

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
  signer: Signer;
}

/**
 * The CA's authorities, read from the store once and kept: their certificates change only at
 * init, so use cases need not parse them per call.
 */
export class AuthorityCache implements AuthorityLookup {
  private cached?: Map<AuthorityRole, Authority>;

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
  }

  private all(): Map<AuthorityRole, Authority> {
    if (this.cached) return this.cached;
    const map = new Map<AuthorityRole, Authority>();
    for (const record of this.deps.authorities.authorities()) {
      const stored = this.deps.certificates
        .findBySerial(record.serial)
        .find((c) => c.issuerKeyId === record.issuerKeyId && c.der);
      if (!stored?.der || !isKeyAlgorithmName(record.keyAlgorithm)) continue;
      const facts = readCertificate(stored.der);
      const scheme = defaultScheme(KEY_ALGORITHMS[record.keyAlgorithm]);
      map.set(record.role, {
        ...facts,
        role: record.role,
        keyId: record.keyId,
        keyIdentifierHex: Buffer.from(facts.keyIdentifier).toString('hex'),
        signer: this.deps.vault.signer(record.keyId, scheme),
      });
    }
    if (map.size > 0) this.cached = map;
    return map;
  }
}

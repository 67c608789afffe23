/**
 * Wiring shared by the two composition roots (main.ts for the server, cli.ts for the CLI): the one
 * place that joins adapters (SQLite store, audit log, file key vault) to the use cases' ports.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SqliteAuditLog } from './audit/sqlite-audit-log';
import { AuthorityCache, type CaDeps } from './ca/context';
import { CurrentCrl } from './ca/crl';
import type { RescindDeps } from './documents';
import type { SigningDeps } from './signing/sign';
import { TimestampAuthority } from './signing/timestamp-authority';
import { CaError } from './ca/errors';
import type { Backup } from './ca/ports';
import type { Clock, KeyVault, RandomSource } from './ports';
import type { Config } from './config';
import { FileKeyVault, KEYS_SUBDIR, Pkcs11KeyVault, SealedVault } from './keys';
import { DataDirBackup } from './store/backup';
import { SqliteDocumentRegistry } from './store/documents';
import { SqlitePendingSignatureStore } from './store/pending-signatures';
import { SqliteStore } from './store/sqlite-store';
import type { DocumentRegistry } from './documents';
import { SqliteLogStore } from './store/tlog';
import { openLogKey, readLogVkey } from './keys/log-key';
import type { LogKey, LogStore } from './transparency/ports';
import { signatureLog } from './transparency/record';

export const systemClock: Clock = { now: () => new Date() };
export const systemRandom: RandomSource = { bytes: (n) => new Uint8Array(randomBytes(n)) };

/**
 * Each use case's dependencies, built once here: the CA's own (deps, with its writers), signing's
 * and the documents register's (read-only look-ups into the CA plus what they write themselves).
 */
export interface Services {
  deps: CaDeps;
  authorities: AuthorityCache;
  backup: Backup;
  documents: DocumentRegistry;
  /** The documents use case: the register's public view and rescission. */
  registry: RescindDeps;
  crl: CurrentCrl;
  tsa: TimestampAuthority;
  signing: SigningDeps;
  store: SqliteStore;
  auditLog: SqliteAuditLog;
  /**
   * The transparency log (issue 21): `key` only when the vault was opened (not reading); `vkey`,
   * its public key, once the log has a key.
   */
  log: { store: LogStore; key?: LogKey; vkey?: string };
  /** The data directory (database and keys/), for the readiness probe. */
  dataDir: string;
  close(): void;
}

export interface ServiceOverrides {
  clock?: Clock;
  random?: RandomSource;
  /**
   * How long a signing answer waits for its log batch (SIGNET_LOG_PROOF_WAIT_MS): the server's,
   * where a sequencer runs; 0 (answer pending at once) elsewhere.
   */
  logProofWaitMs?: number;
  /** Asks the sequencer of this process, if it runs one, for a batch now (main.ts). */
  sequenceNow?: () => void;
}

export async function openServices(
  config: Config,
  overrides: ServiceOverrides = {},
): Promise<Services> {
  const vault = await openKeyVault(config);
  let store: SqliteStore;
  try {
    store = SqliteStore.open(config.dataDir);
  } catch (error) {
    if (vault instanceof Pkcs11KeyVault) vault.close();
    throw error;
  }
  const services = wire(store, vault, config, overrides);
  // The log key is sealed like the file vault's keys; with an HSM the log is not kept yet.
  if (config.keys.kind !== 'file') return services;
  try {
    const key = await openLogKey({
      dir: config.dataDir,
      passphrase: config.passphrase,
      origin: logOrigin(config.publicUrl),
    });
    const log = signatureLog(services.log.store, services.deps.random, {
      waitMs: overrides.logProofWaitMs ?? 0,
      sequenceNow: overrides.sequenceNow,
    });
    return {
      ...services,
      log: { ...services.log, key, vkey: readLogVkey(config.dataDir) },
      signing: { ...services.signing, log },
    };
  } catch (error) {
    services.close();
    throw error;
  }
}

/**
 * The log's origin and key name (c2sp.org/tlog-checkpoint: a schema-less URL): the public URL's
 * host and path, then `/log`.
 */
export function logOrigin(publicUrl: string): string {
  const url = new URL(publicUrl);
  return `${url.host}${url.pathname.replace(/\/+$/, '')}/log`;
}

/**
 * The services of a reading command (issue 14 item 6): the database opened read-only, the key
 * vault not opened (no passphrase), and the CRL as last published instead of a fresh one.
 */
export function openReadingServices(config: Pick<Config, 'dataDir' | 'publicUrl'>): Services {
  const services = wire(SqliteStore.openReadOnly(config.dataDir), new SealedVault(), config);
  const { deps, authorities } = services;
  const get = async () => {
    const latest = deps.crls.latestCrl(authorities.get('issuing').keyIdentifierHex);
    if (!latest) {
      throw new CaError(
        'NOT_INITIALIZED',
        'This CA has published no CRL yet: run "signet crl" or start the server first.',
      );
    }
    return latest;
  };
  // The retired issuing CAs' CRLs and the ARL; a data directory from before the root published
  // its ARL has none until the next publication.
  const others = () =>
    [...authorities.retired('issuing', deps.clock.now()), authorities.get('root')].flatMap((a) => {
      const latest = deps.crls.latestCrl(a.keyIdentifierHex);
      return latest ? [latest] : [];
    });
  const published = { get, all: async () => [await get(), ...others()] };
  return { ...services, signing: { ...services.signing, crl: published } };
}

function wire(
  store: SqliteStore,
  vault: KeyVault,
  config: Pick<Config, 'dataDir' | 'publicUrl'>,
  overrides: ServiceOverrides = {},
): Services {
  const auditLog = new SqliteAuditLog(store.db);
  const deps: CaDeps = {
    clock: overrides.clock ?? systemClock,
    random: overrides.random ?? systemRandom,
    vault,
    tx: store,
    certificates: store.certificates,
    authorities: store.authorities,
    settings: store.authorities,
    departments: store.departments,
    tokens: store.departments,
    crls: store.crls,
    audit: auditLog,
    publicUrl: config.publicUrl,
  };
  const authorities = new AuthorityCache(deps);
  const documents = new SqliteDocumentRegistry(store.db);
  const crl = new CurrentCrl(deps, authorities);
  const tsa = new TimestampAuthority({ clock: deps.clock, random: deps.random, authorities });
  // What the documents use case reads and writes; signing adds the rest of what it uses.
  const registry: RescindDeps = {
    clock: deps.clock,
    certificates: deps.certificates,
    departments: deps.departments,
    documents,
    tx: deps.tx,
    audit: deps.audit,
  };
  return {
    deps,
    authorities,
    backup: new DataDirBackup(store.db, join(config.dataDir, KEYS_SUBDIR)),
    documents,
    registry,
    crl,
    tsa,
    signing: {
      ...registry,
      certificates: deps.certificates,
      random: deps.random,
      vault: deps.vault,
      authorities,
      publicUrl: () => deps.publicUrl,
      tsa,
      crl,
      pending: new SqlitePendingSignatureStore(store.db),
    },
    store,
    auditLog,
    log: { store: new SqliteLogStore(store.db), vkey: readLogVkey(config.dataDir) },
    dataDir: config.dataDir,
    close: () => {
      store.close();
      // Ends the token sessions (and with the last one the login, PKCS#11 v2.40 5.6).
      if (vault instanceof Pkcs11KeyVault) vault.close();
    },
  };
}

/** The vault SIGNET_KEYS names: encrypted files in the data directory, or a PKCS#11 token. */
async function openKeyVault(config: Config): Promise<FileKeyVault | Pkcs11KeyVault> {
  const keys = config.keys;
  if (keys.kind === 'pkcs11') {
    return Pkcs11KeyVault.open({ module: keys.module, label: keys.token, pin: keys.pin });
  }
  return FileKeyVault.open({ dir: config.dataDir, passphrase: config.passphrase });
}

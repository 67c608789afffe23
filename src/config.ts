import { chmodSync, existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { errorOfKinds, type ErrorKind } from './core/errors';
import { generateDevPassphrase } from './keys';

export type ConfigErrorCode = 'NO_PASSPHRASE' | 'INVALID_CONFIG';
/** The operator's environment is wrong: invalid input, read at start-up. */
const CONFIG_ERROR_KINDS = {
  NO_PASSPHRASE: 'invalid',
  INVALID_CONFIG: 'invalid',
} as const satisfies Record<ConfigErrorCode, ErrorKind>;
export class ConfigError extends errorOfKinds(CONFIG_ERROR_KINDS) {}

export const DEV_PASSPHRASE_FILE = 'dev-passphrase';

/** Binary units of sizes (IEC 80000-13); decimal ones (KB, MB, GB) are refused as ambiguous. */
const SIZE_UNITS: Record<string, number> = {
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
};

/** A shell's `VAR=` means "not set": the default applies. */
const blank = (value: unknown): unknown => (value === '' ? undefined : value);

/** One environment variable: the text `expected` is what the start-up error says it must be. */
function variable<T extends z.ZodType>(expected: string, schema: T) {
  return z.preprocess(blank, schema).describe(expected);
}

const wholeNumber = (min: number, max: number) =>
  z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));

const SIZE = /^(\d+) ?(B|KiB|MiB|GiB)?$/;
const size = z
  .string()
  .regex(SIZE)
  .transform((text) => {
    const [, digits, unit = 'B'] = SIZE.exec(text) ?? [];
    return Number(digits) * (SIZE_UNITS[unit] ?? Number.NaN);
  })
  .pipe(z.number().int().min(1).max(Number.MAX_SAFE_INTEGER));

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, min: 60_000 };
const DURATION = /^(\d+) ?(ms|s|min)$/;
/** A duration with its unit (`500ms`, `30s`, `2min`), as milliseconds; a bare number is refused. */
const duration = (minMs: number, maxMs: number) =>
  z
    .string()
    .regex(DURATION)
    .transform((text) => {
      const [, digits, unit = ''] = DURATION.exec(text) ?? [];
      return Number(digits) * (DURATION_UNITS[unit] ?? Number.NaN);
    })
    .pipe(z.number().int().min(minMs).max(maxMs));

/** One server process per core (issue 16 "Both cores"): SQLite in WAL mode is shared by them. */
const DEFAULT_WORKERS = availableParallelism();

/**
 * The cores left after the server processes' main threads (signing, OCSP, TSA, health), shared out
 * among the processes as verification threads; at least one each.
 */
function defaultVerifyWorkers(processes: number): number {
  return Math.max(1, Math.floor((availableParallelism() - processes) / processes));
}

/** The IANA name as Intl spells it ("asia/shanghai" becomes "Asia/Shanghai"), or a refusal. */
const timeZone = z.string().transform((name, ctx) => {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'unknown time zone' });
    return z.NEVER;
  }
});

const httpUrl = z
  .string()
  .transform((url) => url.replace(/\/+$/, ''))
  .refine((url) => /^https?:\/\/[^\s/]+/.test(url) && URL.canParse(url));

/** Variables whose value is a secret: a start-up error names them but never prints the value. */
const SECRETS = new Set(['SIGNET_KEY_PASSPHRASE', 'SIGNET_METRICS_TOKEN']);

/**
 * Every environment variable the server and the CLI read (README "Configuration", SPEC
 * "Additions"), parsed once here and nowhere else.
 */
const environment = z.object({
  SIGNET_DATA_DIR: variable('a directory path', z.string().default('./data')),
  SIGNET_KEY_PASSPHRASE: variable('a passphrase', z.string().optional()),
  SIGNET_PUBLIC_URL: variable(
    'an http:// or https:// URL such as https://signet.example.gov.cn',
    httpUrl.optional(),
  ),
  PORT: variable('a TCP port number from 0 to 65535', wholeNumber(0, 65535).default(8080)),
  HOST: variable(
    'a host name or IP address to listen on',
    z
      .string()
      .regex(/^[^\s/]+$/)
      .default('127.0.0.1'),
  ),
  SIGNET_RATE_LIMIT_PER_MINUTE: variable(
    'a whole number of requests per minute (0 turns the limit off)',
    wholeNumber(0, Number.MAX_SAFE_INTEGER).default(600),
  ),
  SIGNET_PKI_RATE_LIMIT_PER_MINUTE: variable(
    'a whole number of requests per minute (0 turns the limit off)',
    wholeNumber(0, Number.MAX_SAFE_INTEGER).default(6000),
  ),
  SIGNET_WORKERS: variable(
    'a whole number of server processes from 1 to 64',
    wholeNumber(1, 64).default(DEFAULT_WORKERS),
  ),
  // Set by the server's primary process for its workers (cluster.ts), never by an operator: the
  // lead does what must happen once (bootstrap, CRL schedule); followers start after it is ready.
  SIGNET_CLUSTER_ROLE: variable(
    'lead or follower (set by Signet itself for its worker processes)',
    z.enum(['lead', 'follower']).optional(),
  ),
  SIGNET_VERIFY_WORKERS: variable(
    'a whole number of verification worker threads from 1 to 64',
    wholeNumber(1, 64).optional(),
  ),
  // Large enough that a hundred clients verifying at once wait (a verification takes milliseconds)
  // rather than being refused; small enough that a queued one is answered within its timeout.
  SIGNET_VERIFY_QUEUE: variable(
    'a whole number of verifications that may wait for a worker, from 0 to 1000',
    wholeNumber(0, 1000).default(128),
  ),
  SIGNET_VERIFY_TIMEOUT: variable(
    'a duration from 100ms to 10min with its unit ms, s or min (e.g. 30s)',
    duration(100, 10 * 60_000).default(30_000),
  ),
  SIGNET_BODY_IDLE_TIMEOUT: variable(
    'a duration from 1s to 10min with its unit ms, s or min (e.g. 30s)',
    duration(1000, 10 * 60_000).default(30_000),
  ),
  SIGNET_MAX_CONNECTIONS: variable(
    'a whole number of open connections from 1 to 1000000',
    wholeNumber(1, 1_000_000).default(1024),
  ),
  SIGNET_MAX_DOCUMENT_BYTES: variable(
    'a size of at least 1 byte: a whole number of bytes, or one with the unit KiB, MiB or GiB (e.g. 64MiB, 4GiB)',
    size.default(4 * 1024 ** 3),
  ),
  LOG_LEVEL: variable(
    'one of fatal, error, warn, info, debug, trace, silent',
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  SIGNET_METRICS_TOKEN: variable('at least 32 characters', z.string().min(32).optional()),
  SIGNET_TIME_ZONE: variable(
    'an IANA time zone name such as Asia/Shanghai',
    timeZone.default('Asia/Shanghai'),
  ),
  SIGNET_ARCHIVE_DIR: variable('the path of a folder', z.string().optional()),
  SIGNET_ARCHIVE_RENEW_DAYS: variable(
    'a whole number of days from 1 to 3650',
    wholeNumber(1, 3650).default(180),
  ),
  SIGNET_LOG_PROOF_WAIT_MS: variable(
    'a whole number of milliseconds from 0 to 5000',
    wholeNumber(0, 5000).default(600),
  ),
  SIGNET_KEYS: variable(
    'file (encrypted key files in the data directory) or pkcs11 (keys inside a PKCS#11 token)',
    z.enum(['file', 'pkcs11']).default('file'),
  ),
  SIGNET_PKCS11_MODULE: variable('the path of a PKCS#11 library', z.string().optional()),
  SIGNET_PKCS11_TOKEN: variable(
    'a token label of at most 32 characters',
    z.string().max(32).optional(),
  ),
  SIGNET_PKCS11_PIN_FILE: variable('the path of a file holding the PIN', z.string().optional()),
  SIGNET_DEBUG: variable(
    'any value (set: the CLI prints stack traces)',
    z
      .string()
      .optional()
      .transform((v) => v !== undefined),
  ),
});

export type Environment = z.output<typeof environment>;

/**
 * The environment checked against the schema. A bad value throws INVALID_CONFIG with one sentence
 * naming the variable and what it must be, so that start-up stops instead of running with NaN.
 */
export function parseEnvironment(env: NodeJS.ProcessEnv): Environment {
  const parsed = environment.safeParse(env);
  if (parsed.success) return parsed.data;
  const name = String(parsed.error.issues[0]?.path[0]) as keyof Environment;
  const expected = environment.shape[name].description;
  const shown = SECRETS.has(name) ? '' : ` "${env[name]}"`;
  throw new ConfigError('INVALID_CONFIG', `${name}${shown} is not valid: expected ${expected}.`);
}

/** SIGNET_DEBUG alone, for the CLI's last-resort error report (the rest may be what failed). */
export function debugRequested(env: NodeJS.ProcessEnv): boolean {
  return environment.shape.SIGNET_DEBUG.parse(env.SIGNET_DEBUG);
}

/** Where the keys live (SIGNET_KEYS): the PIN is read from its file, never from a variable. */
export type KeysConfig =
  { kind: 'file' } | { kind: 'pkcs11'; module: string; token: string; pin: string };

export interface Config {
  dataDir: string;
  keys: KeysConfig;
  passphrase: string;
  /** Where the passphrase came from: production sets SIGNET_KEY_PASSPHRASE. */
  passphraseSource: 'environment' | 'development-file';
  publicUrl: string;
  /** SIGNET_PUBLIC_URL was set; else publicUrl follows the port the server listens on. */
  publicUrlFromEnvironment: boolean;
  host: string;
  port: number;
  rateLimitPerMinute: number;
  /** Requests per minute per client address on /ocsp and /tsa, a budget of their own. */
  pkiRateLimitPerMinute: number;
  /** Server processes sharing the port (node:cluster); 1 is a single process. */
  workers: number;
  /** In a worker process of a cluster: whether it is the lead (see cluster.ts). */
  clusterRole: 'lead' | 'follower' | undefined;
  /** Verification worker pool of each process: threads, waiting requests, ms one may run. */
  verifyWorkers: number;
  verifyQueue: number;
  verifyTimeoutMs: number;
  /** A request body that sends no byte for this long is cut off. */
  bodyIdleTimeoutMs: number;
  maxConnections: number;
  maxDocumentBytes: number;
  logLevel: Environment['LOG_LEVEL'];
  metricsToken: string | undefined;
  /** Times shown to people (the API stays UTC ISO 8601): SPEC "Additions". */
  timeZone: string;
  /** The folder of signature files the server keeps renewed (B-LTA), if the operator set one. */
  archiveDir: string | undefined;
  /** Renew when the latest time-stamp's authority certificate expires within this many days. */
  archiveRenewDays: number;
  /**
   * How long a CAdES signing answer waits for its transparency-log batch, to carry the proof
   * (issue 21); past it the answer says pending.
   */
  logProofWaitMs: number;
  warnings: string[];
}

/**
 * The configuration of a reading command (issue 14 item 6): the data directory, and no
 * passphrase, which reading never needs.
 */
export function loadReadingConfig(
  env: NodeJS.ProcessEnv,
  options: Pick<ConfigOptions, 'dataDir'> = {},
): Pick<Config, 'dataDir' | 'publicUrl'> {
  const e = parseEnvironment(env);
  return {
    dataDir: resolve(options.dataDir ?? e.SIGNET_DATA_DIR),
    publicUrl: e.SIGNET_PUBLIC_URL ?? `http://127.0.0.1:${e.PORT}`,
  };
}

export interface ConfigOptions {
  dataDir?: string;
  /** Only the development bootstrap and `signet init` may create a development passphrase. */
  createDevPassphrase?: boolean;
}

/**
 * Reads and checks the environment once and fails fast. There is no default secret: without
 * SIGNET_KEY_PASSPHRASE the development passphrase is generated (random) into the data directory
 * with a warning, and only when the caller is allowed to set a new directory up.
 */
export function loadConfig(env: NodeJS.ProcessEnv, options: ConfigOptions = {}): Config {
  const e = parseEnvironment(env);
  const dataDir = resolve(options.dataDir ?? e.SIGNET_DATA_DIR);
  const warnings: string[] = [];
  const settings = {
    dataDir,
    keys: keysConfig(e),
    publicUrl: e.SIGNET_PUBLIC_URL ?? `http://127.0.0.1:${e.PORT}`,
    publicUrlFromEnvironment: e.SIGNET_PUBLIC_URL !== undefined,
    host: e.HOST,
    port: e.PORT,
    rateLimitPerMinute: e.SIGNET_RATE_LIMIT_PER_MINUTE,
    pkiRateLimitPerMinute: e.SIGNET_PKI_RATE_LIMIT_PER_MINUTE,
    workers: e.SIGNET_WORKERS,
    clusterRole: e.SIGNET_CLUSTER_ROLE,
    verifyWorkers: e.SIGNET_VERIFY_WORKERS ?? defaultVerifyWorkers(e.SIGNET_WORKERS),
    verifyQueue: e.SIGNET_VERIFY_QUEUE,
    verifyTimeoutMs: e.SIGNET_VERIFY_TIMEOUT,
    bodyIdleTimeoutMs: e.SIGNET_BODY_IDLE_TIMEOUT,
    maxConnections: e.SIGNET_MAX_CONNECTIONS,
    maxDocumentBytes: e.SIGNET_MAX_DOCUMENT_BYTES,
    logLevel: e.LOG_LEVEL,
    metricsToken: e.SIGNET_METRICS_TOKEN,
    timeZone: e.SIGNET_TIME_ZONE,
    archiveDir: e.SIGNET_ARCHIVE_DIR && resolve(e.SIGNET_ARCHIVE_DIR),
    archiveRenewDays: e.SIGNET_ARCHIVE_RENEW_DAYS,
    logProofWaitMs: e.SIGNET_LOG_PROOF_WAIT_MS,
    warnings,
  };
  if (e.SIGNET_KEY_PASSPHRASE !== undefined) {
    return { ...settings, passphrase: e.SIGNET_KEY_PASSPHRASE, passphraseSource: 'environment' };
  }
  const devFile = join(dataDir, DEV_PASSPHRASE_FILE);
  if (!existsSync(devFile)) {
    if (!options.createDevPassphrase) {
      throw new ConfigError(
        'NO_PASSPHRASE',
        `SIGNET_KEY_PASSPHRASE is not set and ${dataDir} has no development passphrase: set it, or run "signet init" first.`,
      );
    }
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(devFile, `${generateDevPassphrase()}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(devFile, 0o600);
    warnings.push(
      `A development key passphrase was generated in ${devFile}; production must set SIGNET_KEY_PASSPHRASE.`,
    );
  } else {
    warnings.push(
      `Using the development key passphrase in ${devFile}; production must set SIGNET_KEY_PASSPHRASE.`,
    );
  }
  const passphrase = readFileSync(devFile, 'utf8').trim();
  return { ...settings, passphrase, passphraseSource: 'development-file' };
}

const PKCS11_VARIABLES = [
  'SIGNET_PKCS11_MODULE',
  'SIGNET_PKCS11_TOKEN',
  'SIGNET_PKCS11_PIN_FILE',
] as const;

/**
 * SIGNET_KEYS=pkcs11 needs the module, the token label and the PIN file. The PIN is taken from the
 * file's first line (a file of the operator's, 0600), so that it is never on a command line, in the
 * environment of every child process, or in a log.
 */
function keysConfig(e: Environment): KeysConfig {
  if (e.SIGNET_KEYS === 'file') return { kind: 'file' };
  const missing = PKCS11_VARIABLES.filter((name) => e[name] === undefined);
  if (missing.length > 0) {
    throw new ConfigError(
      'INVALID_CONFIG',
      `SIGNET_KEYS=pkcs11 needs ${missing.join(', ')} to be set as well.`,
    );
  }
  const pinFile = resolve(e.SIGNET_PKCS11_PIN_FILE ?? '');
  let pin: string;
  try {
    pin = (readFileSync(pinFile, 'utf8').split(/\r?\n/)[0] ?? '').trim();
  } catch {
    throw new ConfigError('INVALID_CONFIG', `SIGNET_PKCS11_PIN_FILE ${pinFile} cannot be read.`);
  }
  if (pin === '') {
    throw new ConfigError('INVALID_CONFIG', `SIGNET_PKCS11_PIN_FILE ${pinFile} holds no PIN.`);
  }
  return {
    kind: 'pkcs11',
    module: e.SIGNET_PKCS11_MODULE ?? '',
    token: e.SIGNET_PKCS11_TOKEN ?? '',
    pin,
  };
}

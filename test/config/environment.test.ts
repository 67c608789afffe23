/**
 * The environment schema of src/config.ts: defaults, sizes with units, and for each bad value the
 * one sentence that stops start-up (README "Configuration", SPEC "Additions").
 */
import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig, parseEnvironment } from '../../src/config';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/openssl';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function refusal(env: NodeJS.ProcessEnv): { code: string; message: string } {
  try {
    parseEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error(`${JSON.stringify(env)} was accepted`);
}

describe('parseEnvironment', () => {
  describe('when nothing is set', () => {
    it('gives the documented defaults', () => {
      expect(parseEnvironment({})).toEqual({
        SIGNET_DATA_DIR: './data',
        PORT: 8080,
        HOST: '127.0.0.1',
        SIGNET_RATE_LIMIT_PER_MINUTE: 600,
        SIGNET_PKI_RATE_LIMIT_PER_MINUTE: 6000,
        SIGNET_WORKERS: availableParallelism(),
        SIGNET_VERIFY_QUEUE: 128,
        SIGNET_VERIFY_TIMEOUT: 30_000,
        SIGNET_BODY_IDLE_TIMEOUT: 30_000,
        SIGNET_MAX_CONNECTIONS: 1024,
        SIGNET_MAX_DOCUMENT_BYTES: 4 * GiB,
        LOG_LEVEL: 'info',
        SIGNET_TIME_ZONE: 'Asia/Shanghai',
        SIGNET_ARCHIVE_RENEW_DAYS: 180,
        SIGNET_KEYS: 'file',
        SIGNET_LOG_PROOF_WAIT_MS: 600,
        SIGNET_DEBUG: false,
      });
    });

    it('gives each of SIGNET_WORKERS processes its share of the cores left as verification threads', () => {
      const cores = availableParallelism();
      const config = (workers: string) =>
        loadConfig({
          SIGNET_KEY_PASSPHRASE: 'a-test-passphrase-long-enough',
          SIGNET_WORKERS: workers,
        });
      expect(config('1').verifyWorkers).toBe(Math.max(1, cores - 1));
      expect(config(String(cores)).verifyWorkers).toBe(1);
    });

    it('treats an empty value (VAR=) as not set', () => {
      expect(parseEnvironment({ PORT: '', SIGNET_MAX_DOCUMENT_BYTES: '' })).toMatchObject({
        PORT: 8080,
        SIGNET_MAX_DOCUMENT_BYTES: 4 * GiB,
      });
    });
  });

  describe('SIGNET_MAX_DOCUMENT_BYTES', () => {
    it.each([
      ['4GiB', 4 * GiB],
      ['64MiB', 64 * MiB],
      ['64 MiB', 64 * MiB],
      ['512KiB', 512 * 1024],
      ['100B', 100],
      ['1048576', 1048576],
    ])('reads %s as %d bytes', (text, bytes) => {
      expect(parseEnvironment({ SIGNET_MAX_DOCUMENT_BYTES: text }).SIGNET_MAX_DOCUMENT_BYTES).toBe(
        bytes,
      );
    });
  });

  describe('durations (SIGNET_VERIFY_TIMEOUT, SIGNET_BODY_IDLE_TIMEOUT)', () => {
    it.each([
      ['500ms', 500],
      ['30s', 30_000],
      ['45 s', 45_000],
      ['2min', 120_000],
    ])('reads %s as %d ms', (text, ms) => {
      expect(parseEnvironment({ SIGNET_VERIFY_TIMEOUT: text }).SIGNET_VERIFY_TIMEOUT).toBe(ms);
    });
  });

  it('reads whole numbers, URLs and time zones', () => {
    expect(
      parseEnvironment({
        PORT: '0',
        SIGNET_RATE_LIMIT_PER_MINUTE: '0',
        SIGNET_PUBLIC_URL: 'https://signet.example.gov.cn/',
        SIGNET_TIME_ZONE: 'europe/berlin',
        LOG_LEVEL: 'debug',
        SIGNET_DEBUG: '1',
      }),
    ).toMatchObject({
      PORT: 0,
      SIGNET_RATE_LIMIT_PER_MINUTE: 0,
      SIGNET_PUBLIC_URL: 'https://signet.example.gov.cn',
      SIGNET_TIME_ZONE: 'Europe/Berlin',
      LOG_LEVEL: 'debug',
      SIGNET_DEBUG: true,
    });
  });

  describe('when a value is bad', () => {
    const SIZE =
      'a size of at least 1 byte: a whole number of bytes, or one with the unit KiB, MiB or GiB (e.g. 64MiB, 4GiB)';
    const RATE = 'a whole number of requests per minute (0 turns the limit off)';
    const PORT = 'a TCP port number from 0 to 65535';
    const HTTP_URL = 'an http:// or https:// URL such as https://signet.example.gov.cn';
    const VERIFY_TIMEOUT = 'a duration from 100ms to 10min with its unit ms, s or min (e.g. 30s)';
    const IDLE = 'a duration from 1s to 10min with its unit ms, s or min (e.g. 30s)';
    it.each([
      ['SIGNET_MAX_DOCUMENT_BYTES', '4GB', SIZE],
      ['SIGNET_MAX_DOCUMENT_BYTES', '64M', SIZE],
      ['SIGNET_MAX_DOCUMENT_BYTES', '1.5GiB', SIZE],
      ['SIGNET_MAX_DOCUMENT_BYTES', '0', SIZE],
      ['SIGNET_MAX_DOCUMENT_BYTES', '99999999999GiB', SIZE],
      ['SIGNET_RATE_LIMIT_PER_MINUTE', 'ten', RATE],
      ['SIGNET_RATE_LIMIT_PER_MINUTE', '-1', RATE],
      ['SIGNET_RATE_LIMIT_PER_MINUTE', '1.5', RATE],
      ['PORT', 'http', PORT],
      ['PORT', '65536', PORT],
      ['SIGNET_PUBLIC_URL', 'signet.example.gov.cn', HTTP_URL],
      ['SIGNET_PUBLIC_URL', 'ftp://signet.example.gov.cn', HTTP_URL],
      ['SIGNET_TIME_ZONE', 'Beijing', 'an IANA time zone name such as Asia/Shanghai'],
      ['LOG_LEVEL', 'verbose', 'one of fatal, error, warn, info, debug, trace, silent'],
      ['HOST', 'a host', 'a host name or IP address to listen on'],
      ['SIGNET_PKI_RATE_LIMIT_PER_MINUTE', 'many', RATE],
      ['SIGNET_VERIFY_TIMEOUT', '30', VERIFY_TIMEOUT],
      ['SIGNET_VERIFY_TIMEOUT', '30sec', VERIFY_TIMEOUT],
      ['SIGNET_VERIFY_TIMEOUT', '1h', VERIFY_TIMEOUT],
      ['SIGNET_VERIFY_TIMEOUT', '50ms', VERIFY_TIMEOUT],
      ['SIGNET_BODY_IDLE_TIMEOUT', '100ms', IDLE],
      ['SIGNET_BODY_IDLE_TIMEOUT', '11min', IDLE],
      ['SIGNET_VERIFY_WORKERS', '0', 'a whole number of verification worker threads from 1 to 64'],
      ['SIGNET_WORKERS', '0', 'a whole number of server processes from 1 to 64'],
      [
        'SIGNET_CLUSTER_ROLE',
        'boss',
        'lead or follower (set by Signet itself for its worker processes)',
      ],
      [
        'SIGNET_VERIFY_QUEUE',
        '-1',
        'a whole number of verifications that may wait for a worker, from 0 to 1000',
      ],
      ['SIGNET_MAX_CONNECTIONS', '0', 'a whole number of open connections from 1 to 1000000'],
    ])('%s=%s stops start-up with one sentence', (name, value, expected) => {
      expect(refusal({ [name]: value })).toEqual({
        code: 'INVALID_CONFIG',
        message: `${name} "${value}" is not valid: expected ${expected}.`,
      });
    });

    it('names a secret but does not print it', () => {
      expect(refusal({ SIGNET_METRICS_TOKEN: 'too-short-secret' })).toEqual({
        code: 'INVALID_CONFIG',
        message: 'SIGNET_METRICS_TOKEN is not valid: expected at least 32 characters.',
      });
    });
  });
});

describe('loadConfig', () => {
  it('carries the parsed values', () => {
    const dataDir = tempDir('signet-config-');
    const config = loadConfig({
      SIGNET_DATA_DIR: dataDir,
      SIGNET_KEY_PASSPHRASE: 'a-test-passphrase-long-enough',
      PORT: '9443',
      SIGNET_MAX_DOCUMENT_BYTES: '64MiB',
      SIGNET_RATE_LIMIT_PER_MINUTE: '30',
      SIGNET_TIME_ZONE: 'UTC',
      SIGNET_METRICS_TOKEN: 'x'.repeat(32),
      SIGNET_PKI_RATE_LIMIT_PER_MINUTE: '120',
      SIGNET_WORKERS: '2',
      SIGNET_VERIFY_WORKERS: '3',
      SIGNET_VERIFY_QUEUE: '0',
      SIGNET_VERIFY_TIMEOUT: '5s',
      SIGNET_BODY_IDLE_TIMEOUT: '1min',
      SIGNET_MAX_CONNECTIONS: '200',
      SIGNET_ARCHIVE_DIR: join(dataDir, 'archive'),
      SIGNET_ARCHIVE_RENEW_DAYS: '30',
    });
    expect(config).toEqual({
      dataDir,
      keys: { kind: 'file' },
      passphrase: 'a-test-passphrase-long-enough',
      passphraseSource: 'environment',
      publicUrl: 'http://127.0.0.1:9443',
      publicUrlFromEnvironment: false,
      host: '127.0.0.1',
      port: 9443,
      rateLimitPerMinute: 30,
      pkiRateLimitPerMinute: 120,
      workers: 2,
      clusterRole: undefined,
      verifyWorkers: 3,
      verifyQueue: 0,
      verifyTimeoutMs: 5000,
      bodyIdleTimeoutMs: 60_000,
      maxConnections: 200,
      maxDocumentBytes: 64 * MiB,
      logProofWaitMs: 600,
      logLevel: 'info',
      metricsToken: 'x'.repeat(32),
      timeZone: 'UTC',
      archiveDir: join(dataDir, 'archive'),
      archiveRenewDays: 30,
      warnings: [],
    });
  });

  describe('with SIGNET_KEYS=pkcs11', () => {
    const base = { SIGNET_KEY_PASSPHRASE: 'a-test-passphrase-long-enough', SIGNET_KEYS: 'pkcs11' };
    const pkcs11 = (pinFileText?: string) => {
      const dir = tempDir('signet-config-');
      const pinFile = join(dir, 'pin');
      if (pinFileText !== undefined) writeFileSync(pinFile, pinFileText);
      return {
        ...base,
        SIGNET_DATA_DIR: dir,
        SIGNET_PKCS11_MODULE: '/usr/lib/softhsm/libsofthsm2.so',
        SIGNET_PKCS11_TOKEN: 'signet',
        SIGNET_PKCS11_PIN_FILE: pinFile,
      };
    };

    it('reads the PIN from the first line of its file', () => {
      expect(loadConfig(pkcs11('123456\nsecond line\n')).keys).toEqual({
        kind: 'pkcs11',
        module: '/usr/lib/softhsm/libsofthsm2.so',
        token: 'signet',
        pin: '123456',
      });
    });

    it('names the variables that are missing', () => {
      expect(() => loadConfig({ ...base, SIGNET_PKCS11_TOKEN: 'signet' })).toThrow(
        'SIGNET_KEYS=pkcs11 needs SIGNET_PKCS11_MODULE, SIGNET_PKCS11_PIN_FILE to be set as well.',
      );
    });

    it('refuses a PIN file that cannot be read or holds no PIN, without printing the PIN', () => {
      const missing = pkcs11();
      expect(() => loadConfig(missing)).toThrow(
        `SIGNET_PKCS11_PIN_FILE ${missing.SIGNET_PKCS11_PIN_FILE} cannot be read.`,
      );
      const empty = pkcs11('\n');
      expect(() => loadConfig(empty)).toThrow(
        `SIGNET_PKCS11_PIN_FILE ${empty.SIGNET_PKCS11_PIN_FILE} holds no PIN.`,
      );
    });

    it('refuses another vault kind and a token label longer than 32 characters', () => {
      expect(() => parseEnvironment({ SIGNET_KEYS: 'hsm' })).toThrow(
        /^SIGNET_KEYS "hsm" is not valid/,
      );
      expect(() => parseEnvironment({ SIGNET_PKCS11_TOKEN: 'x'.repeat(33) })).toThrow(
        /SIGNET_PKCS11_TOKEN/,
      );
    });
  });
});

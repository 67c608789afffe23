/**
 * Every error code has a kind (issue 15 item 4). The tables' `satisfies Record<Code, ErrorKind>`
 * makes a code without a kind fail `tsc`; this test covers what the types cannot see: every code
 * that src/ actually throws (read from the source, so a code forced past its type with `as` is
 * found too) answers a kind, and the HTTP answer follows the kind and the cause chain.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaError, type CaErrorCode } from '../../src/ca/errors';
import { CliFileError, CliUsageError } from '../../src/cli/errors';
import { ConfigError } from '../../src/config';
import { CmsError } from '../../src/core/cms/errors';
import { CrlError } from '../../src/core/crl/errors';
import { DocumentError } from '../../src/documents';
import { ERROR_KINDS, FormatError, kindOf, type SignetError } from '../../src/core/errors';
import { OcspError } from '../../src/core/ocsp/errors';
import { PadesError } from '../../src/core/pades/errors';
import { TlogError } from '../../src/core/tlog/errors';
import { LogError } from '../../src/transparency/errors';
import { TspError } from '../../src/core/tsp/errors';
import { PathValidationError } from '../../src/core/validation/errors';
import { answerOf, HttpError } from '../../src/http/errors';
import { KeyVaultError } from '../../src/keys/errors';
import { SigningError } from '../../src/signing/errors';
import { StoreError } from '../../src/store/errors';
import { VerificationError } from '../../src/verification/errors';
import { PoolError } from '../../src/workers/pool';

const SRC = join(__dirname, '..', '..', 'src');

type AnyError = new (code: never, message: string, options?: { cause?: unknown }) => SignetError;
const CLASSES: Record<string, AnyError> = {
  CaError,
  CliFileError,
  CmsError,
  ConfigError,
  CrlError,
  DocumentError,
  FormatError,
  KeyVaultError,
  LogError,
  OcspError,
  PadesError,
  PathValidationError,
  PoolError,
  SigningError,
  StoreError,
  TlogError,
  TspError,
  VerificationError,
};

/** `new XError('CODE'` anywhere in src/, the code on the same or the next line. */
function thrownCodes(): [string, string][] {
  const found = new Set<string>();
  for (const file of readdirSync(SRC, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(join(SRC, file), 'utf8');
    for (const m of text.matchAll(/new (\w+Error)\(\s*'([A-Z0-9_]+)'/g)) {
      if (m[1] !== 'HttpError') found.add(`${m[1]} ${m[2]}`);
    }
  }
  return [...found].sort().map((s) => s.split(' ') as [string, string]);
}

const make = (cls: string, code: string, cause?: unknown): SignetError => {
  const Class = CLASSES[cls];
  if (!Class) throw new Error(`${cls} is not listed in this test: add it to CLASSES`);
  return new Class(code as never, 'A sentence.', cause === undefined ? undefined : { cause });
};

const STATUS = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  fault: 500,
  unavailable: 503,
} as const;

describe('error kinds', () => {
  const codes = thrownCodes();

  it('finds the codes src/ throws (the scan itself works)', () => {
    expect(codes.length).toBeGreaterThan(80);
    expect(codes).toContainEqual(['KeyVaultError', 'UNSUPPORTED_ALGORITHM']);
  });

  it.each(codes)('%s %s has a kind, and HTTP answers with its status', (cls, code) => {
    const error = make(cls, code);
    expect(ERROR_KINDS).toContain(error.kind);
    expect(answerOf(error).status).toBe(STATUS[error.kind]);
  });

  it('gives a code forced past its type no kind, and HTTP answers it as a fault', () => {
    const forced = new CaError('NOT_A_CODE' as CaErrorCode, 'A sentence.');
    expect(forced.kind).toBeUndefined();
    expect(kindOf(forced).kind).toBe('fault');
    expect(answerOf(forced)).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
  });

  describe('the same code in two areas', () => {
    it('is a caller error for data read from outside and a fault for the key vault', () => {
      expect(answerOf(new FormatError('UNSUPPORTED_ALGORITHM', 'x'))).toMatchObject({
        status: 400,
        code: 'UNSUPPORTED_ALGORITHM',
      });
      expect(answerOf(new KeyVaultError('UNSUPPORTED_ALGORITHM', 'x'))).toEqual({
        status: 500,
        code: 'INTERNAL_ERROR',
        message: 'The server could not complete the request; it has been logged.',
      });
    });
  });

  describe('following cause', () => {
    const disk = new KeyVaultError('STORAGE_FAILED', 'The disk is full at /data/keys.');

    it('answers a fault caused by an unavailable store with 503 and the cause code, without internals', () => {
      const failed = new CaError('ISSUANCE_FAILED', 'Not issued.', { cause: disk });
      expect(kindOf(failed)).toEqual({ kind: 'unavailable', error: disk });
      const answer = answerOf(failed);
      expect(answer).toMatchObject({ status: 503, code: 'STORAGE_FAILED' });
      expect(answer.message).not.toContain('/data');
    });

    it('answers a PKCS#11 token lost mid-request with 503, a refused PIN too (never 401 to the caller)', () => {
      const lost = new KeyVaultError('TOKEN_FAILED', 'The PKCS#11 token "signet" failed.');
      expect(answerOf(lost)).toEqual({
        status: 503,
        code: 'TOKEN_FAILED',
        message: 'The service cannot do this right now; try again later.',
      });
      // The re-login after a reconnection happens inside a request: the caller's key is fine.
      const pin = new KeyVaultError('WRONG_PIN', 'The token refuses the PIN.');
      const failed = new CaError('ISSUANCE_FAILED', 'Not issued.', { cause: pin });
      expect(answerOf(failed)).toMatchObject({ status: 503, code: 'WRONG_PIN' });
      expect(answerOf(new KeyVaultError('WRONG_PASSPHRASE', 'x')).status).toBe(401);
    });

    it('does the same for a foreign error wrapping one', () => {
      const wrapped = new Error('pkijs failed', {
        cause: new StoreError('STORE_UNAVAILABLE', 'x'),
      });
      expect(answerOf(wrapped)).toMatchObject({ status: 503, code: 'STORE_UNAVAILABLE' });
    });

    it('keeps a fault whose causes are not unavailable a fault, and a refusal its own kind', () => {
      const bug = new CaError('ISSUANCE_FAILED', 'x', { cause: new TypeError('undefined') });
      expect(answerOf(bug).status).toBe(500);
      expect(answerOf(new Error('x')).status).toBe(500);
      // A refusal is answered as what it is even when a fault lies below it.
      const refusal = new CaError('INVALID_CSR', 'Bad CSR.', { cause: new Error('asn1js') });
      expect(answerOf(refusal)).toEqual({ status: 400, code: 'INVALID_CSR', message: 'Bad CSR.' });
    });
  });

  it('answers the HTTP layer’s own errors with their status', () => {
    expect(answerOf(new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'x')).status).toBe(415);
    expect(new HttpError(403, 'FORBIDDEN', 'x').kind).toBe('forbidden');
    expect(new HttpError(429, 'RATE_LIMITED', 'x').kind).toBe('invalid');
  });

  it('has CLI errors with kinds too', () => {
    expect(new CliUsageError('x').kind).toBe('invalid');
    expect(new CliFileError('FILE_TOO_LARGE', 'x').kind).toBe('too_large');
  });
});

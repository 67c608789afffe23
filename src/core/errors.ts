/**
 * What kind of failure an error is, whatever its area: adapters answer by kind (HTTP status, CLI
 * message), never by a list of code strings, so a code cannot fall through to a wrong answer.
 * - invalid: the caller's input is wrong (malformed, out of range, unsupported by the contract).
 * - not_found: the caller named something that does not exist.
 * - conflict: the request is well formed but the current state refuses it (already done, taken).
 * - too_large: the input is over a limit.
 * - unauthorized: no credential, or one that proves nothing; forbidden: a valid one not allowed.
 * - unavailable: the service cannot do it now (storage gone, not set up); retrying later may work.
 * - fault: Signet itself failed (a bug, corrupted keys or data); the caller did nothing wrong.
 */
export type ErrorKind =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unauthorized'
  | 'forbidden'
  | 'unavailable'
  | 'fault';

/** Every kind, for adapters and tests that enumerate them. */
export const ERROR_KINDS = [
  'invalid',
  'not_found',
  'conflict',
  'too_large',
  'unauthorized',
  'forbidden',
  'unavailable',
  'fault',
] as const satisfies readonly ErrorKind[];

/**
 * Base of every domain error. Each area declares its own code union, the kind of each code
 * (`satisfies Record<CaErrorCode, ErrorKind>`, so a code without a kind does not compile) and its
 * class over that table (`class CaError extends errorOfKinds(CA_ERROR_KINDS) {}`). The message is
 * one sentence for a person; `cause` keeps the foreign failure.
 */
export abstract class SignetError<Code extends string = string> extends Error {
  abstract get kind(): ErrorKind;

  constructor(
    readonly code: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The base class of an area's errors: `kind` is read from the area's table of codes. */
export function errorOfKinds<Code extends string>(kinds: Readonly<Record<Code, ErrorKind>>) {
  return class extends SignetError<Code> {
    get kind(): ErrorKind {
      return kinds[this.code];
    }
  };
}

/** The kind that decides an answer, and the error that has it (for its code and message). */
export type Decisive =
  | { kind: Exclude<ErrorKind, 'fault'>; error: SignetError }
  | { kind: 'fault'; error?: SignetError };

/**
 * The kind that decides the answer to `error`: its own, except that a fault (or a foreign error)
 * caused by an unavailable service is that unavailability (an ISSUANCE_FAILED whose cause is a
 * full disk means "retry later", not a bug). Anything else, a foreign error too, is a fault.
 */
export function kindOf(error: unknown): Decisive {
  const own = error instanceof SignetError ? error : undefined;
  // A code forced past its type (`as`) has no kind: a fault, not a status by accident.
  const kind = ERROR_KINDS.find((k) => k === own?.kind);
  if (own && kind && kind !== 'fault') return { kind, error: own };
  let e: unknown = error;
  for (let depth = 0; e instanceof Error && depth < 8; depth += 1, e = e.cause) {
    if (e instanceof SignetError && e.kind === 'unavailable')
      return { kind: 'unavailable', error: e };
  }
  return { kind: 'fault', error: own };
}

/** Codes of failures to parse or check standards data (DER, PEM, ASN.1) in core/. */
export type FormatErrorCode =
  'MALFORMED_DER' | 'MALFORMED_PEM' | 'UNSUPPORTED_ALGORITHM' | 'INVALID_VALUE';

/** Standards data that cannot be read is the input's fault, whoever gave it. */
const FORMAT_ERROR_KINDS = {
  MALFORMED_DER: 'invalid',
  MALFORMED_PEM: 'invalid',
  UNSUPPORTED_ALGORITHM: 'invalid',
  INVALID_VALUE: 'invalid',
} as const satisfies Record<FormatErrorCode, ErrorKind>;

export class FormatError extends errorOfKinds(FORMAT_ERROR_KINDS) {}

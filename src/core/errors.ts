/**
 * Base of every domain error. Each area declares its own code union and subclass
 * (`class CaError extends SignetError<CaErrorCode>`); adapters map codes to exit codes or HTTP
 * statuses. The message is one sentence for a person; `cause` keeps the foreign failure.
 */
export class SignetError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Codes of failures to parse or check standards data (DER, PEM, ASN.1) in core/. */
export type FormatErrorCode =
  'MALFORMED_DER' | 'MALFORMED_PEM' | 'UNSUPPORTED_ALGORITHM' | 'INVALID_VALUE';

export class FormatError extends SignetError<FormatErrorCode> {}

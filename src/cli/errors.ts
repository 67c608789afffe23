import { errorOfKinds, type ErrorKind } from '../core/errors';

/** A mistake in how a command was called (exit code 2), found after commander's own parsing. */
export class CliUsageError extends errorOfKinds({ USAGE: 'invalid' }) {
  constructor(message: string) {
    super('USAGE', message);
  }
}

export type CliFileErrorCode = 'FILE_UNREADABLE' | 'FILE_UNWRITABLE' | 'FILE_TOO_LARGE';

const CLI_FILE_ERROR_KINDS = {
  FILE_UNREADABLE: 'not_found',
  // A full disk or a read-only folder: another place or a later try may work.
  FILE_UNWRITABLE: 'unavailable',
  FILE_TOO_LARGE: 'too_large',
} as const satisfies Record<CliFileErrorCode, ErrorKind>;

/** A file named on the command line that cannot be read, written or taken whole (exit code 1). */
export class CliFileError extends errorOfKinds(CLI_FILE_ERROR_KINDS) {}

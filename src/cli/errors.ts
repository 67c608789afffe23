import { SignetError } from '../core/errors';

/** A mistake in how a command was called (exit code 2), found after commander's own parsing. */
export class CliUsageError extends SignetError<'USAGE'> {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** A file named on the command line that cannot be read, written or taken whole (exit code 1). */
export class CliFileError extends SignetError<
  'FILE_UNREADABLE' | 'FILE_UNWRITABLE' | 'FILE_TOO_LARGE'
> {}

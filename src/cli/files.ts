/**
 * The files a command reads and writes, with their failures as CliFileError (exit code 1): one
 * sentence naming the path and what is wrong with it (issue 14 item 6), never "failed unexpectedly".
 */
import {
  accessSync,
  constants,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CliFileError } from './errors';

/** What the operating system's error number says about `path`, as the end of a sentence. */
function why(path: string, cause: unknown): string {
  switch ((cause as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOENT':
      return `${path} does not exist`;
    case 'ENOTDIR':
      return `a part of ${path} is not a folder`;
    case 'EISDIR':
      return `${path} is a folder, not a file`;
    case 'EACCES':
    case 'EPERM':
      return `permission to ${path} is denied`;
    case 'EROFS':
      return `${path} is on a read-only file system`;
    case 'ENOSPC':
      return `the disk of ${path} is full`;
    default:
      return `${path} cannot be used`;
  }
}

/** A file named on the command line that cannot be read, in one sentence naming it. */
export function unreadable(file: string, cause: unknown): CliFileError {
  return new CliFileError(
    'FILE_UNREADABLE',
    `The file ${file} cannot be read: ${why(file, cause)}.`,
    {
      cause,
    },
  );
}

/**
 * An output that cannot be written, in one sentence naming the path (`what`: "CRL", ...) and the
 * path at fault (`at`: the file, or its folder).
 */
export function unwritable(out: string, what: string, cause: unknown, at = out): CliFileError {
  return new CliFileError(
    'FILE_UNWRITABLE',
    `The ${what} cannot be written to ${out}: ${why(at, cause)}.`,
    { cause },
  );
}

/** A whole input file's bytes. */
export function readInput(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (cause) {
    throw unreadable(file, cause);
  }
}

export function statInput(file: string): Stats {
  try {
    return statSync(file);
  } catch (cause) {
    throw unreadable(file, cause);
  }
}

/**
 * Checked before anything is signed or published, so that a wrong --out fails before a document
 * is registered or a CRL number is used: the folder must be writable and `out` not a folder.
 */
export function checkWritable(out: string, what = 'output'): void {
  const folder = dirname(out);
  try {
    if (!statSync(folder).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
    accessSync(folder, constants.W_OK);
  } catch (cause) {
    throw unwritable(out, what, cause, folder);
  }
  let existing: Stats | undefined;
  try {
    existing = statSync(out);
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) {
    throw unwritable(out, what, Object.assign(new Error(), { code: 'EISDIR' }));
  }
}

/**
 * Writes `bytes` to a temporary file beside `out`, flushed, then renames it over `out`: a failure
 * leaves either no output or the previous one, never half a file.
 */
export function writeAtomically(out: string, bytes: Uint8Array, what: string): void {
  const temp = join(dirname(out), `.${basename(out)}.${process.pid}-${Date.now()}.tmp`);
  try {
    writeFileSync(temp, bytes, { flag: 'wx', flush: true });
    renameSync(temp, out);
  } catch (cause) {
    // Best effort: where the temporary file could not be made, removing it fails too (ENOTDIR).
    try {
      rmSync(temp, { force: true });
    } catch {
      // The write's own failure is the one to report.
    }
    throw unwritable(out, what, cause);
  }
}

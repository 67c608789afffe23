/** The files a command reads and writes, with their failures as CliFileError (exit code 1). */
import {
  accessSync,
  constants,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CliFileError } from './errors';

export function statInput(file: string): Stats {
  try {
    return statSync(file);
  } catch (cause) {
    throw new CliFileError('FILE_UNREADABLE', `The file ${file} cannot be read.`, { cause });
  }
}

/** Checked before anything is signed, so that a wrong --out fails before a document is registered. */
export function checkWritable(out: string): void {
  try {
    // access() alone passes a writable file named as the folder (root may write anything).
    if (!statSync(dirname(out)).isDirectory()) throw new Error('not a folder');
    accessSync(dirname(out), constants.W_OK);
  } catch (cause) {
    throw new CliFileError('FILE_UNWRITABLE', `The folder of ${out} cannot be written.`, { cause });
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
    throw new CliFileError('FILE_UNWRITABLE', `The ${what} cannot be written to ${out}.`, {
      cause,
    });
  }
}

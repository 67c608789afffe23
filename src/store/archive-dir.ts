/**
 * The archive folder (SIGNET_ARCHIVE_DIR) as the ArchiveFiles port: the CAdES signatures (.p7s)
 * and signed PDFs an operator keeps there, replaced by rename so that a crash mid-write leaves
 * the previous file whole.
 */
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArchiveFiles } from '../signing/ports';

const KEPT = /\.(p7s|pdf)$/i;

export function archiveDirectory(dir: string): ArchiveFiles {
  return {
    list: () =>
      readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isFile() && KEPT.test(e.name))
        .map((e) => e.name)
        .sort(),
    read: (name) => new Uint8Array(readFileSync(join(dir, name))),
    write: (name, bytes) => {
      const temporary = join(dir, `.${name}.renewing`);
      writeFileSync(temporary, bytes, { flush: true });
      renameSync(temporary, join(dir, name));
    },
  };
}

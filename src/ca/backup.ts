import type { CaDeps } from './context';
import type { Backup } from './ports';

/** Copies database and keys to a directory, and records that a copy of the keys now exists. */
export async function backupDataDir(
  deps: Pick<CaDeps, 'clock' | 'tx' | 'audit'> & { backup: Backup },
  req: { directory: string; actor: string },
): Promise<{ directory: string; files: string[] }> {
  const at = deps.clock.now().toISOString();
  deps.tx.transaction(() => {
    deps.audit.append({ at, actor: req.actor, action: 'backup.made', subject: req.directory });
  });
  const { files } = await deps.backup.copyTo(req.directory);
  return { directory: req.directory, files };
}

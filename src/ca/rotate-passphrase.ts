import type { CaDeps } from './context';
import { CaError } from './errors';

/**
 * `signet keys rotate-passphrase` (issue 20): every key of the file vault re-encrypted under a new
 * passphrase (keys/rotation.ts makes it atomic across a crash), then audited. The audit entry
 * follows the commit: the vault's files, not the database, decide which passphrase is in force.
 */
export async function rotateKeyPassphrase(
  deps: Pick<CaDeps, 'vault' | 'tx' | 'audit' | 'clock'>,
  req: { newPassphrase: string; actor: string },
): Promise<{ keys: number; rotatedAt: string }> {
  if (!deps.vault.rotatePassphrase) {
    throw new CaError(
      'NO_KEY_PASSPHRASE',
      `The keys are kept in ${deps.vault.custody.location}, which has no Signet passphrase.`,
    );
  }
  const { keys } = await deps.vault.rotatePassphrase(req.newPassphrase);
  const rotatedAt = deps.clock.now().toISOString();
  deps.tx.transaction(() => {
    deps.audit.append({
      at: rotatedAt,
      actor: req.actor,
      action: 'keys.passphrase-rotated',
      subject: deps.vault.custody.location,
      details: { keys },
    });
  });
  return { keys, rotatedAt };
}

import type { Command } from 'commander';
import { listKeys } from '../../ca/key-listing';
import { rotateKeyPassphrase } from '../../ca/rotate-passphrase';
import { run, withCommonOptions, type CliContext } from '../context';
import { readInput } from '../files';

export function registerKeys(program: Command, ctx: CliContext): void {
  const keys = program.command('keys').description('the private keys the CA keeps');
  withCommonOptions(keys.command('list'))
    .description('each key: what it signs, where it lives (key files or a PKCS#11 token)')
    .action(async (o: { dataDir?: string; json?: boolean }) => {
      await run(
        ctx,
        o,
        async (s) => ({ keys: await listKeys(s.deps) }),
        (r) =>
          r.keys.length === 0
            ? 'No keys: run "signet init" first.'
            : r.keys
                .map(
                  (k) =>
                    `${k.keyId}  ${(k.algorithm ?? '').padEnd(10)}  ${k.purposes.join(', ')}  ` +
                    `${k.present ? 'in' : 'MISSING from'} ${k.location}`,
                )
                .join('\n'),
      );
    });

  withCommonOptions(keys.command('rotate-passphrase'))
    .description(
      'encrypt every key file under a new passphrase (SIGNET_KEY_PASSPHRASE is the old one); stop servers first',
    )
    .requiredOption(
      '--new-passphrase-file <file>',
      'a file (or /dev/stdin) whose first line is the new passphrase, at least 12 characters',
    )
    .action(async (o: { dataDir?: string; json?: boolean; newPassphraseFile: string }) => {
      const newPassphrase =
        new TextDecoder().decode(readInput(o.newPassphraseFile)).split(/\r?\n/)[0] ?? '';
      await run(
        ctx,
        o,
        (s) => rotateKeyPassphrase(s.deps, { newPassphrase, actor: ctx.actor }),
        (r) =>
          `${r.keys} keys are now encrypted under the new passphrase: set SIGNET_KEY_PASSPHRASE to it.`,
      );
    });
}

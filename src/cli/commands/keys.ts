import type { Command } from 'commander';
import { listKeys } from '../../ca/key-listing';
import { run, withCommonOptions, type CliContext } from '../context';

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
}

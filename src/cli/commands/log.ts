import type { Command } from 'commander';
import { LogError } from '../../transparency/errors';
import { verifyLog } from '../../transparency/verify-log';
import { lines, run, withCommonOptions, type CliContext } from '../context';

type Common = { dataDir?: string; json?: boolean };

/** `signet log verify`: the stored transparency log against its own signed checkpoints. */
export function registerLog(program: Command, ctx: CliContext): void {
  const log = program.command('log').description('the transparency log of issued signatures');
  withCommonOptions(log.command('verify'))
    .description(
      'check every checkpoint: the log key signed it, the stored entries give its root, and it is consistent with the first and each later one (reads only, no passphrase)',
    )
    .option('--vkey <vkey>', "the log's verifier key to trust (default: the data directory's)")
    .action(async (o: Common & { vkey?: string }) => {
      await run(
        ctx,
        { ...o, readOnly: true },
        (s) => {
          const vkey = o.vkey ?? s.log.vkey;
          if (!vkey) throw new LogError('LOG_NOT_FOUND', 'This data directory has no log key yet.');
          // The key it was checked with: what `signet verify --log-key` takes.
          return { ...verifyLog(s.log.store, vkey), vkey };
        },
        (r) =>
          lines([
            ['checkpoints', String(r.checkpoints)],
            ['first size', r.firstSize],
            ['last size', r.lastSize],
            ['vkey', r.vkey],
          ]),
      );
    });
}

import type { Command } from 'commander';
import { rolloverTsa } from '../../ca/rollover';
import { run, withCommonOptions, type CliContext } from '../context';
import { rolloverText } from './ca';

export function registerTsa(program: Command, ctx: CliContext): void {
  const tsa = program.command('tsa').description('the time-stamping authority (RFC 3161)');
  withCommonOptions(tsa.command('rollover'))
    .description(
      'a new TSA key and certificate under the issuing CA in force; tokens of the old one still verify',
    )
    .action(async (o: { dataDir?: string; json?: boolean }) => {
      await run(
        ctx,
        o,
        (s) => rolloverTsa(s.deps, s.authorities, { actor: ctx.actor }),
        rolloverText,
      );
    });
}

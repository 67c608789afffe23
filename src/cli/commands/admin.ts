import type { Command } from 'commander';
import { rotateAdminToken } from '../../ca/credentials';
import { run, withCommonOptions, type CliContext } from '../context';

export function registerAdmin(program: Command, ctx: CliContext): void {
  const admin = program.command('admin').description("the CA administrator's token");
  withCommonOptions(admin.command('rotate-token'))
    .description('replace the admin token: prints the new one once; the old one is refused at once')
    .action(async (o: { dataDir?: string; json?: boolean }) => {
      await run(
        ctx,
        o,
        (s) => rotateAdminToken(s.deps, { actor: ctx.actor }),
        (r) => `New admin token (shown once, keep it secret): ${r.adminToken}`,
      );
    });
}

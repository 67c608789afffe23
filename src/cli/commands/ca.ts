import type { Command } from 'commander';
import { setPublicUrl } from '../../ca/public-url';
import { run, withCommonOptions, type CliContext } from '../context';

export function registerCa(program: Command, ctx: CliContext): void {
  const ca = program.command('ca').description("the certificate authority's own settings");
  withCommonOptions(ca.command('set-public-url <url>'))
    .description(
      'change the base of the URLs written into certificates from now on (CRL, OCSP, caIssuers)',
    )
    .action(async (url: string, o: { dataDir?: string; json?: boolean }) => {
      await run(
        ctx,
        o,
        (s) => setPublicUrl(s.deps, { url, actor: ctx.actor }),
        (r) =>
          r.previous === r.publicUrl
            ? `The public URL is already ${r.publicUrl}.`
            : `The public URL is now ${r.publicUrl}; restart servers with SIGNET_PUBLIC_URL unset or set to it.`,
      );
    });
}

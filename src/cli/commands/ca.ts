import type { Command } from 'commander';
import { setPublicUrl } from '../../ca/public-url';
import { revokeIssuingCa } from '../../ca/revoke';
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
  withCommonOptions(ca.command('revoke-issuing <serial>'))
    .description('revoke an issuing CA certificate and publish a fresh root ARL (/crl/root.crl)')
    .requiredOption(
      '--reason <reason>',
      'RFC 5280 reason: keyCompromise, cACompromise, superseded, cessationOfOperation, ...',
    )
    .action(async (serial: string, o: { dataDir?: string; json?: boolean; reason: string }) => {
      await run(
        ctx,
        o,
        async (s) => {
          const { certificate: _der, ...view } = await revokeIssuingCa(s.deps, s.authorities, {
            serial,
            reason: o.reason,
            actor: ctx.actor,
          });
          return view;
        },
        (v) =>
          `Issuing CA certificate ${v.serial} revoked (${v.revocationReason}) at ${v.revokedAt}; a new ARL is published.`,
      );
    });
}

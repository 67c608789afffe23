import type { Command } from 'commander';
import { setPublicUrl } from '../../ca/public-url';
import { revokeIssuingCa } from '../../ca/revoke';
import { rolloverIssuing, type RolloverResult } from '../../ca/rollover';
import { CliUsageError } from '../errors';
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
  withCommonOptions(ca.command('rollover <role>'))
    .description(
      'issuing: a new issuing CA key and certificate (and OCSP responder) under the root; the old CA keeps signing CRLs and OCSP for its certificates',
    )
    .action(async (role: string, o: { dataDir?: string; json?: boolean }) => {
      if (role !== 'issuing')
        throw new CliUsageError('Only "issuing" rolls over here (the TSA: signet tsa rollover).');
      await run(
        ctx,
        o,
        (s) => rolloverIssuing(s.deps, s.authorities, { actor: ctx.actor }),
        rolloverText,
      );
    });
}

/** What a rollover made, one line per new certificate. */
export function rolloverText(r: RolloverResult): string {
  return [
    `The ${r.role} role moved from certificate ${r.retired} to:`,
    ...r.certificates.map(
      (c) => `  ${c.role.padEnd(8)} ${c.serial}  until ${c.notAfter}  ${c.subject}`,
    ),
    'Restart running servers so that they sign with the new key.',
  ].join('\n');
}

import type { Command } from 'commander';
import { initCa } from '../../ca/init';
import { checkPublicUrl } from '../../ca/public-url';
import { validationKey } from '../../ca/validation-key';
import { toPem } from '../../core/encoding';
import { run, withCommonOptions, type CliContext } from '../context';

export function registerInit(program: Command, ctx: CliContext): void {
  withCommonOptions(program.command('init'))
    .description(
      'set up the CA: root, issuing CA, TSA and OCSP-responder certificates, and the admin token',
    )
    .option(
      '--algorithm <name>',
      'ecdsa-p256 | ecdsa-p384 | rsa-2048 | rsa-3072 | sm2',
      'ecdsa-p256',
    )
    .option('--org <name>', 'organization name written into every certificate')
    .option(
      '--public-url <url>',
      'base of the URLs written into certificates (CRL, OCSP, caIssuers); default SIGNET_PUBLIC_URL',
    )
    .action(
      async (o: {
        dataDir?: string;
        json?: boolean;
        algorithm: string;
        org?: string;
        publicUrl?: string;
      }) => {
        await run(
          ctx,
          { ...o, setup: true },
          async (s) => {
            if (o.publicUrl !== undefined) s.deps.publicUrl = checkPublicUrl(o.publicUrl);
            const r = await initCa(s.deps, s.authorities, {
              algorithm: o.algorithm,
              organization: o.org,
              actor: ctx.actor,
            });
            // The key that signs validation receipts (issue 19), certified with the CA.
            await validationKey(s.deps);
            const cert = (role: keyof typeof r.authorities) => ({
              serial: r.authorities[role].serial,
              subject: r.authorities[role].subject,
              certificate: toPem(r.authorities[role].certificate, 'CERTIFICATE'),
            });
            return {
              organization: r.organization,
              algorithm: r.algorithm,
              adminToken: r.adminToken,
              root: cert('root'),
              issuing: cert('issuing'),
              tsa: cert('tsa'),
              ocsp: cert('ocsp'),
            };
          },
          (r) =>
            [
              `Certificate authority "${r.organization}" set up (${r.algorithm}).`,
              ...(['root', 'issuing', 'tsa', 'ocsp'] as const).map(
                (k) => `  ${k.padEnd(8)} ${r[k].serial}  ${r[k].subject}`,
              ),
              '',
              `Admin token (shown once, keep it secret): ${r.adminToken}`,
            ].join('\n'),
        );
      },
    );
}

import { InvalidArgumentError, type Command } from 'commander';
import type { CertificateView } from '../../ca/certificates';
import { listCertificates, showCertificate } from '../../ca/certificates';
import { issueCertificate, type IssuedCertificate } from '../../ca/issue';
import { renewCertificate } from '../../ca/renew';
import { revokeCertificate } from '../../ca/revoke';
import { toPem } from '../../core/encoding';
import { CliUsageError } from '../errors';
import { readInput } from '../files';
import { lines, run, withCommonOptions, type CliContext } from '../context';

type Common = { dataDir?: string; json?: boolean };

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1)
    throw new InvalidArgumentError('must be a whole number of days, at least 1.');
  return n;
}

const DAY_MS = 86_400_000;

/** A number of days, written 30 or 30d. */
function days(value: string): number {
  const m = /^(\d+)d?$/.exec(value);
  if (!m) throw new InvalidArgumentError('must be a number of days, such as 30d.');
  return Number(m[1]);
}

/** The JSON shape of issue 2: serial, status, certificate (PEM), department. */
function issuedJson(c: IssuedCertificate) {
  return {
    serial: c.serial,
    status: c.status,
    department: c.department,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    custodialKey: c.custodial,
    certificate: toPem(c.certificate, 'CERTIFICATE'),
  };
}

function viewJson(v: CertificateView) {
  const { certificate, ...rest } = v;
  return { ...rest, certificate: certificate && toPem(certificate, 'CERTIFICATE') };
}

const issuedText = (c: ReturnType<typeof issuedJson>): string =>
  `${lines([
    ['serial', c.serial],
    ['department', c.department],
    ['status', c.status],
    ['valid', `${c.notBefore} to ${c.notAfter}`],
    ['key', c.custodialKey ? 'kept encrypted by Signet' : 'held by the requester (CSR)'],
  ])}\n${c.certificate}`;

/** Where the certificate's private key is kept (the registry's keyCustody, migration 008). */
function keyPlace(v: Pick<CertificateView, 'keyCustody'>): string | undefined {
  if (v.keyCustody === 'pkcs11') return "kept by Signet in the HSM's PKCS#11 token";
  if (v.keyCustody === 'file') return 'kept encrypted by Signet';
  if (v.keyCustody === 'external') return 'held by the requester (CSR)';
  return undefined;
}

export function registerCert(program: Command, ctx: CliContext): void {
  const cert = program
    .command('cert')
    .description('issue, list, show, renew and revoke certificates');

  withCommonOptions(cert.command('issue'))
    .description("issue a department's document-signing certificate")
    .requiredOption('--department <id>', 'department id')
    .option('--days <n>', 'validity in days (default 365)', positiveInt)
    .option(
      '--csr <file>',
      'PKCS#10 request (PEM or DER); without it Signet makes and keeps the key',
    )
    .option('--algorithm <name>', "algorithm of a key Signet makes (default: the CA's)")
    .action(
      async (
        o: Common & { department: string; days?: number; csr?: string; algorithm?: string },
      ) => {
        const csr = o.csr ? readInput(o.csr) : undefined;
        await run(
          ctx,
          o,
          async (s) =>
            issuedJson(
              await issueCertificate(s.deps, s.authorities, {
                departmentId: o.department,
                days: o.days,
                csr,
                keyAlgorithm: o.algorithm,
                actor: ctx.actor,
              }),
            ),
          issuedText,
        );
      },
    );

  withCommonOptions(cert.command('list'))
    .description('list certificates')
    .option('--department <id>', 'only this department')
    .option('--status <status>', 'valid | revoked | expired')
    .option(
      '--expiring <days>',
      'only valid certificates (CA, TSA and OCSP ones too) that expire within this many days, e.g. 30d',
      days,
    )
    .action(async (o: Common & { department?: string; status?: string; expiring?: number }) => {
      if (o.status && !['valid', 'revoked', 'expired'].includes(o.status)) {
        throw new CliUsageError('--status must be valid, revoked or expired.');
      }
      if (o.status && o.expiring !== undefined) {
        throw new CliUsageError('--expiring lists valid certificates: leave --status out.');
      }
      await run(
        ctx,
        { ...o, readOnly: true },
        (s) => ({
          certificates: listCertificates(s.deps, {
            departmentId: o.department,
            status: o.status as 'valid' | 'revoked' | 'expired' | undefined,
            expiringWithinMs: o.expiring === undefined ? undefined : o.expiring * DAY_MS,
          }).map((v) => ({ ...viewJson(v), certificate: undefined })),
        }),
        (r) =>
          r.certificates
            .map(
              (c) =>
                `${c.serial}  ${c.status.padEnd(8)} ${c.role.padEnd(10)} ${c.notAfter.slice(0, 10)}  ${c.subject}`,
            )
            .join('\n') || 'No certificates.',
      );
    });

  withCommonOptions(cert.command('show <serial>'))
    .description('details and PEM of a certificate')
    .action(async (serial: string, o: Common) => {
      await run(
        ctx,
        { ...o, readOnly: true },
        (s) => viewJson(showCertificate(s.deps, serial)),
        (v) =>
          `${lines([
            ['serial', v.serial],
            ['status', v.status],
            ['role', v.role],
            ['department', v.department],
            ['subject', v.subject],
            ['valid', `${v.notBefore} to ${v.notAfter}`],
            ['key', keyPlace(v)],
            ['revoked', v.revokedAt && `${v.revokedAt} (${v.revocationReason})`],
          ])}\n${v.certificate ?? ''}`,
      );
    });

  withCommonOptions(cert.command('renew <serial>'))
    .description('a new certificate (and a new kept key) for the same department')
    .option('--days <n>', 'validity in days (default 365)', positiveInt)
    .action(async (serial: string, o: Common & { days?: number }) => {
      await run(
        ctx,
        o,
        async (s) => ({
          ...issuedJson(
            await renewCertificate(s.deps, s.authorities, {
              serial,
              days: o.days,
              actor: ctx.actor,
            }),
          ),
          renewed: serial,
        }),
        issuedText,
      );
    });

  withCommonOptions(cert.command('revoke <serial>'))
    .description('revoke a certificate and publish a fresh CRL')
    .requiredOption(
      '--reason <reason>',
      'RFC 5280 reason: keyCompromise, superseded, cessationOfOperation, ...',
    )
    .action(async (serial: string, o: Common & { reason: string }) => {
      await run(
        ctx,
        o,
        async (s) =>
          viewJson(
            await revokeCertificate(s.deps, s.authorities, {
              serial,
              reason: o.reason,
              actor: ctx.actor,
            }),
          ),
        (v) =>
          `Certificate ${v.serial} revoked (${v.revocationReason}) at ${v.revokedAt}; a new CRL is published.`,
      );
    });
}

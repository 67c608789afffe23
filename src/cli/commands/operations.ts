import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { verifyAuditLog } from '../../ca/verify-audit';
import { backupDataDir } from '../../ca/backup';
import { publishCrl } from '../../ca/crl';
import { CaError } from '../../ca/errors';
import { lines, run, withCommonOptions, type CliContext } from '../context';

type Common = { dataDir?: string; json?: boolean };

/** CRL publication, audit-chain check and backup: the operator's routine commands. */
export function registerOperations(program: Command, ctx: CliContext): void {
  withCommonOptions(program.command('crl'))
    .description('publish a fresh CRL now')
    .option('--out <file>', 'also write its DER to this file')
    .action(async (o: Common & { out?: string }) => {
      await run(
        ctx,
        o,
        async (s) => {
          const crl = await publishCrl(s.deps, s.authorities, ctx.actor);
          if (o.out) writeFileSync(o.out, crl.der);
          return {
            number: crl.number.toString(),
            thisUpdate: crl.thisUpdate,
            nextUpdate: crl.nextUpdate,
            out: o.out,
          };
        },
        (r) =>
          lines([
            ['CRL number', r.number],
            ['this update', r.thisUpdate],
            ['next update', r.nextUpdate],
            ['written to', r.out],
          ]),
      );
    });

  const audit = program.command('audit').description('the tamper-evident audit log');
  withCommonOptions(audit.command('verify'))
    .description("check the audit log's hash chain end to end")
    .action(async (o: Common) => {
      await run(
        ctx,
        o,
        async (s) => {
          const r = await verifyAuditLog(s.deps, s.signing.documents);
          if (!r.valid) {
            // The JSON report still goes to stdout; the failure is the exit code and one sentence.
            if (o.json) ctx.out(JSON.stringify(r, null, 2));
            throw new CaError('AUDIT_CHAIN_BROKEN', r.break?.message ?? 'The audit log is broken.');
          }
          return r;
        },
        (r) =>
          `The audit log is intact: ${r.entries} entries, each chained to the one before, covered by ${r.anchors} signed anchors and matching the stored state.`,
      );
    });

  withCommonOptions(program.command('backup <dir>'))
    .description('a consistent online copy of the database and the keys')
    .action(async (dir: string, o: Common) => {
      await run(
        ctx,
        o,
        (s) => backupDataDir({ ...s.deps, backup: s.backup }, { directory: dir, actor: ctx.actor }),
        (r) =>
          `Backed up ${r.files.length} files to ${r.directory}. ` +
          (r.files.some((f) => f.startsWith('keys'))
            ? 'The keys stay encrypted: keep the passphrase apart.'
            : "The keys are in the PKCS#11 token, not in the copy: back them up with the HSM's own tools."),
      );
    });
}

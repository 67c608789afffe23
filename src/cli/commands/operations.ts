import type { Command } from 'commander';
import { exportAuditHead, parseExportedHead } from '../../ca/audit-export';
import { verifyAuditLog } from '../../ca/verify-audit';
import { backupDataDir } from '../../ca/backup';
import { publishCrl } from '../../ca/crl';
import { CaError } from '../../ca/errors';
import { lines, run, withCommonOptions, type CliContext } from '../context';
import { checkWritable, readInput, writeAtomically } from '../files';

type Common = { dataDir?: string; json?: boolean };

/** CRL publication, audit-chain check and backup: the operator's routine commands. */
export function registerOperations(program: Command, ctx: CliContext): void {
  withCommonOptions(program.command('crl'))
    .description("publish a fresh CRL now (the issuing CA's, or with --root the root's ARL)")
    .option('--root', "the root's ARL, which lists revoked issuing CA certificates")
    .option('--out <file>', 'also write its DER to this file')
    .action(async (o: Common & { out?: string; root?: boolean }) => {
      // Before anything is signed: a CRL number used for a file that cannot be written is wasted.
      if (o.out) checkWritable(o.out, 'CRL');
      await run(
        ctx,
        o,
        async (s) => {
          if (o.out) checkWritable(o.out);
          const crl = await publishCrl(
            s.deps,
            s.authorities,
            ctx.actor,
            o.root ? 'root' : 'issuing',
          );
          if (o.out) writeAtomically(o.out, crl.der, 'CRL');
          return {
            issuer: o.root ? 'root' : 'issuing',
            number: crl.number.toString(),
            thisUpdate: crl.thisUpdate,
            nextUpdate: crl.nextUpdate,
            out: o.out,
          };
        },
        (r) =>
          lines([
            ['issuer', r.issuer],
            ['CRL number', r.number],
            ['this update', r.thisUpdate],
            ['next update', r.nextUpdate],
            ['written to', r.out],
          ]),
      );
    });

  const audit = program.command('audit').description('the tamper-evident audit log');
  withCommonOptions(audit.command('verify'))
    .description(
      "check the audit log's hash chain, its signed and time-stamped anchors and the stored state (reads only, no passphrase)",
    )
    .option(
      '--against <file>',
      'a head written by "signet audit export": the log must still hold it (nothing removed, rolled back or rewritten)',
    )
    .action(async (o: Common & { against?: string }) => {
      const against = o.against
        ? parseExportedHead(new TextDecoder().decode(readInput(o.against)), o.against)
        : undefined;
      await run(
        ctx,
        { ...o, readOnly: true },
        (s) => {
          const r = verifyAuditLog(s.deps, s.signing.documents, {
            authorities: s.authorities,
            against,
          });
          if (!r.valid) {
            // The JSON report still goes to stdout; the failure is the exit code and one sentence.
            if (o.json) ctx.out(JSON.stringify(r, null, 2));
            throw new CaError('AUDIT_CHAIN_BROKEN', r.break?.message ?? 'The audit log is broken.');
          }
          return {
            ...r,
            ...(against ? { against: { seq: against.seq, hash: against.hash } } : {}),
          };
        },
        (r) =>
          `The audit log is intact: ${r.entries} entries, each chained to the one before, covered by ${r.anchors} signed and time-stamped anchors and matching the stored state${r.against ? `; it still holds the exported head (entry ${r.against.seq})` : ''}.`,
      );
    });

  withCommonOptions(audit.command('export'))
    .description("sign the audit log's head now and write it (JSON) for keeping off this host")
    .option('--out <file>', 'write it to this file (default: standard output)')
    .action(async (o: Common & { out?: string }) => {
      if (o.out) checkWritable(o.out, 'audit head');
      await run(
        ctx,
        o,
        async (s) => {
          const exported = await exportAuditHead(s.deps, s.signing.tsa, s.authorities);
          if (!o.out) return exported;
          const text = `${JSON.stringify(exported, null, 2)}\n`;
          writeAtomically(o.out, new TextEncoder().encode(text), 'audit head');
          return { seq: exported.seq, hash: exported.hash, out: o.out };
        },
        // Without --out the head itself is the output.
        (r) =>
          'out' in r
            ? `The signed head of the audit log (entry ${String(r.seq)}) is written to ${String(r.out)}: keep it off this host.`
            : JSON.stringify(r, null, 2),
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

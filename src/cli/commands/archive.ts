/**
 * `signet archive renew FILE...`: each CAdES signature (.p7s) or signed PDF gets a fresh archive or
 * document time-stamp with the latest validation data (B-LTA), as POST /api/v1/archive/renew does.
 * The file is replaced atomically: an interrupted renewal leaves the previous file whole.
 */
import type { Command } from 'commander';
import { renewArchive } from '../../signing/archive';
import { run, withCommonOptions, type CliContext } from '../context';
import { CliUsageError } from '../errors';
import { checkWritable, readInput, statInput, writeAtomically } from '../files';
import { checkPdfInput } from './sign-pdf';

export function registerArchive(program: Command, ctx: CliContext): void {
  const archive = program
    .command('archive')
    .description('keep signatures verifiable for decades (B-LTA)');
  withCommonOptions(archive.command('renew <files...>'))
    .description(
      'add a fresh archive time-stamp (CAdES .p7s) or document time-stamp with an updated DSS (PDF) to each file, in place',
    )
    .option('--out <file>', 'write the renewed file here instead (one input file only)')
    .action(async (files: string[], o: { dataDir?: string; json?: boolean; out?: string }) => {
      if (o.out && files.length > 1) {
        throw new CliUsageError('--out takes one input file; several files are renewed in place.');
      }
      const inputs = files.map((file) => ({ file, out: o.out ?? file }));
      for (const { file, out } of inputs) {
        checkPdfInput(file, statInput(file));
        checkWritable(out);
      }
      await run(
        ctx,
        o,
        async (s) => {
          const renewed = [];
          for (const { file, out } of inputs) {
            const r = await renewArchive(s.signing, {
              file: readInput(file),
              actor: ctx.actor,
              name: file.split('/').pop(),
            });
            writeAtomically(out, r.bytes, 'renewed file');
            renewed.push({ file, out, format: r.format, renewedAt: r.renewedAt });
          }
          return { renewed };
        },
        (r) =>
          r.renewed
            .map(
              (d) =>
                `${d.file}: renewed (${d.format} B-LTA) at ${d.renewedAt}, written to ${d.out}`,
            )
            .join('\n'),
      );
    });
}

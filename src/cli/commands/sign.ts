import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import { digestStream } from '../../signing/digest-stream';
import { documentHash, signDigest, type SignedDocument } from '../../signing/sign';
import type { SignatureLevel } from '../../documents';
import { CliUsageError } from '../errors';
import { checkWritable, statInput, writeAtomically } from '../files';
import { run, withCommonOptions, type CliContext } from '../context';
import { checkPdfInput, parseSeal, signedPdfName, signPdfFiles } from './sign-pdf';

type SignOptions = {
  dataDir?: string;
  json?: boolean;
  department: string;
  format: string;
  level: string;
  out?: string;
  seal?: string;
};

const FORMATS = ['cades', 'pades'];
const LEVELS = ['B-B', 'B-T', 'B-LT', 'B-LTA'];
/** Local files are the operator's own; the limit only guards against a wrong path (a device, say). */
const MAX_LOCAL_BYTES = Number.MAX_SAFE_INTEGER;

/** A progress line on a terminal only: never in --json output or when stderr is not a TTY. */
function progress(enabled: boolean, file: string, total: number) {
  let last = 0;
  return {
    update(done: number): void {
      const now = Date.now();
      if (!enabled || (now - last < 100 && done < total)) return;
      last = now;
      const width = 30;
      const filled = total > 0 ? Math.round((done / total) * width) : width;
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      process.stderr.write(
        `\r${file.slice(-30).padEnd(30)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}%`,
      );
    },
    end(): void {
      if (enabled) process.stderr.write('\n');
    },
  };
}

async function* counted(path: string, onBytes: (n: number) => void): AsyncIterable<Uint8Array> {
  let done = 0;
  for await (const chunk of createReadStream(path, {
    highWaterMark: 1024 * 1024,
  }) as AsyncIterable<Buffer>) {
    done += chunk.length;
    onBytes(done);
    yield chunk;
  }
}

export function registerSign(program: Command, ctx: CliContext): void {
  withCommonOptions(program.command('sign <files...>'))
    .description(
      'sign files locally for a department, as the API does; writes FILE.p7s (cades) or the signed PDF NAME.signed.pdf (pades) beside each',
    )
    .requiredOption('--department <id>', 'the signing department')
    .option(
      '--format <format>',
      'cades (a detached .p7s) | pades (a PDF, signed in the PDF)',
      'cades',
    )
    .option('--level <level>', 'B-B | B-T | B-LT | B-LTA', 'B-T')
    .option('--out <file>', 'where to write the signature or signed PDF (one input file only)')
    .option(
      '--seal <x,y[,page]>',
      "pades: a visible seal with its lower-left corner at X,Y (PDF units from the page's lower-left corner) on PAGE (from 1, default 1)",
    )
    .action(async (files: string[], o: SignOptions) => {
      if (!FORMATS.includes(o.format)) throw new CliUsageError('--format must be cades or pades.');
      if (!LEVELS.includes(o.level))
        throw new CliUsageError('--level must be B-B, B-T, B-LT or B-LTA.');
      if (o.seal !== undefined && o.format !== 'pades')
        throw new CliUsageError('--seal goes with --format pades: a seal is drawn on a PDF page.');
      const seal = o.seal === undefined ? undefined : parseSeal(o.seal);
      const outName = o.format === 'pades' ? signedPdfName : (file: string) => `${file}.p7s`;
      if (o.out && files.length > 1)
        throw new CliUsageError(
          `--out takes one input file; several files get ${outName('FILE')} each.`,
        );
      const inputs = files.map((file) => ({
        file,
        stats: statInput(file),
        out: o.out ?? outName(file),
      }));
      for (const input of inputs) checkWritable(input.out);
      const level = o.level as SignatureLevel;
      if (o.format === 'pades') {
        for (const input of inputs) checkPdfInput(input.file, input.stats);
        await signPdfFiles(ctx, inputs, { ...o, level, seal });
        return;
      }
      const showProgress = !o.json && process.stderr.isTTY === true;
      await run(
        ctx,
        o,
        async (s) => {
          const documents: (Omit<SignedDocument, 'signature'> & { file: string; out: string })[] =
            [];
          for (const { file, stats, out } of inputs) {
            const bar = progress(showProgress, file, stats.size);
            const hash = documentHash(s.signing, o.department, undefined);
            const hashed = await digestStream(
              counted(file, (n) => bar.update(n)),
              hash,
              MAX_LOCAL_BYTES,
            );
            bar.end();
            const signed = await signDigest(s.signing, {
              departmentId: o.department,
              actor: ctx.actor,
              level,
              hash,
              digest: hashed.digest,
              fileName: file.split('/').pop(),
            });
            writeAtomically(out, signed.signature, 'signature');
            const { signature, ...rest } = signed;
            documents.push({ file, out, ...rest });
          }
          return { documents };
        },
        (r) =>
          r.documents
            .map(
              (d) =>
                `${d.file}: signed (${d.level}), signature in ${d.out}\n  verification code ${d.verificationCode}  ${d.verifyUrl}`,
            )
            .join('\n'),
      );
    });
}

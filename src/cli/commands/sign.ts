import { createReadStream, statSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { digestStream } from '../../signing/digest-stream';
import { signDigest, type SignedDocument } from '../../signing/sign';
import type { SignatureLevel } from '../../signing/ports';
import { CliFileError, CliUsageError } from '../errors';
import { run, withCommonOptions, type CliContext } from '../context';

type SignOptions = {
  dataDir?: string;
  json?: boolean;
  department: string;
  format: string;
  level: string;
  out?: string;
};

const LEVELS = ['B-B', 'B-T', 'B-LT'];
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
      'sign files locally for a department, as the API does; writes FILE.p7s beside each',
    )
    .requiredOption('--department <id>', 'the signing department')
    .option('--format <format>', 'cades', 'cades')
    .option('--level <level>', 'B-B | B-T | B-LT', 'B-T')
    .option('--out <file>', 'where to write the signature (one input file only)')
    .action(async (files: string[], o: SignOptions) => {
      if (o.format !== 'cades')
        throw new CliUsageError('Only --format cades is available locally for now.');
      if (!LEVELS.includes(o.level)) throw new CliUsageError('--level must be B-B, B-T or B-LT.');
      if (o.out && files.length > 1)
        throw new CliUsageError('--out takes one input file; several files get FILE.p7s each.');
      const sizes = files.map((file) => {
        try {
          return statSync(file).size;
        } catch (cause) {
          throw new CliFileError('FILE_UNREADABLE', `The file ${file} cannot be read.`, { cause });
        }
      });
      const showProgress = !o.json && process.stderr.isTTY === true;
      await run(
        ctx,
        o,
        async (s) => {
          const documents: (Omit<SignedDocument, 'signature'> & { file: string; out: string })[] =
            [];
          for (const [i, file] of files.entries()) {
            const bar = progress(showProgress, file, sizes[i] ?? 0);
            const hashed = await digestStream(
              counted(file, (n) => bar.update(n)),
              'sha256',
              MAX_LOCAL_BYTES,
            );
            bar.end();
            const signed = await signDigest(s.signing, {
              departmentId: o.department,
              actor: ctx.actor,
              level: o.level as SignatureLevel,
              hash: 'sha256',
              digest: hashed.digest,
              fileName: file.split('/').pop(),
            });
            const out = o.out ?? `${file}.p7s`;
            try {
              writeFileSync(out, signed.signature);
            } catch (cause) {
              throw new CliFileError(
                'FILE_UNWRITABLE',
                `The signature cannot be written to ${out}.`,
                { cause },
              );
            }
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

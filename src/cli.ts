/**
 * Composition root of the `signet` CLI: parses the command line, opens the services for the chosen
 * data directory, and turns every failure into one sentence on stderr with exit code 1 (refused or
 * failed) or 2 (usage) — never a stack trace.
 */
import { userInfo } from 'node:os';
import { Command, CommanderError } from 'commander';
import { registerAdmin } from './cli/commands/admin';
import { registerArchive } from './cli/commands/archive';
import { registerCa } from './cli/commands/ca';
import { registerCert } from './cli/commands/cert';
import { registerDepartment } from './cli/commands/department';
import { registerInit } from './cli/commands/init';
import { registerKeys } from './cli/commands/keys';
import { registerLog } from './cli/commands/log';
import { registerOperations } from './cli/commands/operations';
import { registerSign } from './cli/commands/sign';
import { registerReceipt } from './cli/commands/receipt';
import { registerTsa } from './cli/commands/tsa';
import { registerVerify } from './cli/commands/verify';
import type { CliContext } from './cli/context';
import { CliUsageError } from './cli/errors';
import { openReadingServices, openServices } from './compose';
import { debugRequested, loadConfig, loadReadingConfig } from './config';
import { kindOf, SignetError, type ErrorKind } from './core/errors';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** SPEC: 1 for a refused or failed operation, whatever its kind (2 is for usage, 0 for success). */
const EXIT_BY_KIND = {
  invalid: EXIT_FAILED,
  not_found: EXIT_FAILED,
  conflict: EXIT_FAILED,
  too_large: EXIT_FAILED,
  unauthorized: EXIT_FAILED,
  forbidden: EXIT_FAILED,
  unavailable: EXIT_FAILED,
  fault: EXIT_FAILED,
} as const satisfies Record<ErrorKind, number>;

function operator(): string {
  try {
    return `operator:${userInfo().username}`;
  } catch {
    return 'operator';
  }
}

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('signet')
    .description('Signet: certificate authority, signing and verification for official e-documents')
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({
      writeOut: (s) => ctx.out(s.trimEnd()),
      writeErr: (s) => ctx.err(s.trimEnd()),
    });
  registerInit(program, ctx);
  registerDepartment(program, ctx);
  registerAdmin(program, ctx);
  registerCa(program, ctx);
  registerCert(program, ctx);
  registerKeys(program, ctx);
  registerOperations(program, ctx);
  registerLog(program, ctx);
  registerSign(program, ctx);
  registerArchive(program, ctx);
  registerTsa(program, ctx);
  registerVerify(program, ctx);
  registerReceipt(program, ctx);
  program.commands.forEach(function inherit(c: Command): void {
    c.exitOverride().configureOutput({
      writeOut: (s) => ctx.out(s.trimEnd()),
      writeErr: (s) => ctx.err(s.trimEnd()),
    });
    c.commands.forEach(inherit);
  });
  return program;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const ctx: CliContext = {
    actor: operator(),
    locale: env.LC_ALL || env.LC_MESSAGES || env.LANG,
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    open: async (o) => {
      if (o.readOnly) {
        return { ...openReadingServices(loadReadingConfig(env, o)), warnings: [] };
      }
      const config = loadConfig(env, { dataDir: o.dataDir, createDevPassphrase: o.setup });
      const services = await openServices(config);
      // The CA's own public URL (issue 14), whatever this shell's SIGNET_PUBLIC_URL or PORT say.
      const stored = services.deps.settings.settings()?.publicUrl;
      if (stored) services.deps.publicUrl = stored;
      return { ...services, warnings: config.warnings };
    },
  };
  try {
    await buildProgram(ctx).parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; anything else commander reports is a usage error.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof CliUsageError) {
      ctx.err(`error: ${error.message}`);
      return EXIT_USAGE;
    }
    return reportFailure(error, ctx, debugRequested(env));
  }
}

/**
 * The one sentence for a failure, by its kind (core/errors kindOf, which follows `cause`): a
 * refusal (invalid, not_found, conflict, ...) says what was refused; an unavailable service also
 * says what is unavailable, as a later try may work; a fault says what failed, its stack only
 * with SIGNET_DEBUG. SPEC: every one exits 1, as a refused or failed operation.
 */
function reportFailure(error: unknown, ctx: CliContext, debug: boolean): number {
  const decisive = kindOf(error);
  const own = error instanceof SignetError ? error : undefined;
  if (decisive.kind === 'fault') {
    ctx.err(
      own
        ? `error: ${own.message}`
        : 'error: Signet failed unexpectedly (set SIGNET_DEBUG=1 to see why).',
    );
    if (debug) ctx.err(String((error as Error)?.stack ?? error));
  } else if (decisive.kind === 'unavailable' && own && own !== decisive.error) {
    ctx.err(`error: ${own.message} ${decisive.error.message}`);
  } else {
    ctx.err(`error: ${decisive.error.message}`);
  }
  return EXIT_BY_KIND[decisive.kind];
}

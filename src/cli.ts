/**
 * Composition root of the `signet` CLI: parses the command line, opens the services for the chosen
 * data directory, and turns every failure into one sentence on stderr with exit code 1 (refused or
 * failed) or 2 (usage) — never a stack trace.
 */
import { userInfo } from 'node:os';
import { Command, CommanderError } from 'commander';
import { registerAdmin } from './cli/commands/admin';
import { registerCa } from './cli/commands/ca';
import { registerCert } from './cli/commands/cert';
import { registerDepartment } from './cli/commands/department';
import { registerInit } from './cli/commands/init';
import { registerKeys } from './cli/commands/keys';
import { registerOperations } from './cli/commands/operations';
import { registerSign } from './cli/commands/sign';
import { registerVerify } from './cli/commands/verify';
import type { CliContext } from './cli/context';
import { CliUsageError } from './cli/errors';
import { openServices } from './compose';
import { debugRequested, loadConfig } from './config';
import { SignetError } from './core/errors';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

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
  registerSign(program, ctx);
  registerVerify(program, ctx);
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
    if (error instanceof SignetError) {
      ctx.err(`error: ${error.message}`);
      return EXIT_FAILED;
    }
    ctx.err('error: Signet failed unexpectedly (set SIGNET_DEBUG=1 to see why).');
    if (debugRequested(env)) ctx.err(String((error as Error)?.stack ?? error));
    return EXIT_FAILED;
  }
}

import type { LogStore } from '../transparency/ports';
import type { Command } from 'commander';
import { anchorAuditLog } from '../ca/audit-anchor';
import type { AuthorityCache, CaDeps } from '../ca/context';
import type { Backup } from '../ca/ports';
import type { SigningDeps } from '../signing/sign';

/** What a command runs against, opened by the composition root (cli.ts) for one data directory. */
export interface CliServices {
  deps: CaDeps;
  authorities: AuthorityCache;
  backup: Backup;
  signing: SigningDeps;
  /** The transparency log's storage and public key (issue 21). */
  log: { store: LogStore; vkey?: string };
  warnings: string[];
  close(): void;
}

export interface CommonOptions {
  dataDir?: string;
  json?: boolean;
}

/**
 * How a command opens the data directory: `setup` may create a development passphrase (init);
 * `readOnly` opens the database read-only and not the key vault, so it needs no passphrase and
 * writes nothing (the reading commands: verify, cert list|show|verify, audit verify).
 */
export type OpenOptions = CommonOptions & { setup?: boolean; readOnly?: boolean };

export interface CliContext {
  open(options: OpenOptions): Promise<CliServices>;
  out(text: string): void;
  err(text: string): void;
  /** The actor recorded in audit entries for this operator. */
  actor: string;
  /** The operator's locale (POSIX: LC_ALL, else LC_MESSAGES, else LANG), e.g. zh_CN.UTF-8. */
  locale?: string;
}

/** Adds the options every command takes (SPEC.md "CLI"). */
export function withCommonOptions(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'data directory (default $SIGNET_DATA_DIR or ./data)')
    .option('--json', 'print one JSON document');
}

/** Opens the services, runs the command, prints its result as text or JSON, and closes. */
export async function run<T>(
  ctx: CliContext,
  options: OpenOptions,
  work: (s: CliServices) => Promise<T> | T,
  text: (result: T) => string,
): Promise<T> {
  const services = await ctx.open(options);
  try {
    for (const w of services.warnings) ctx.err(`warning: ${w}`);
    const result = await work(services);
    // What this command wrote to the audit log is signed before it ends (issue 14).
    if (services.deps.audit.appendedHere() > 0)
      await anchorAuditLog(services.deps, services.signing.tsa);
    ctx.out(options.json ? JSON.stringify(result, jsonBytes, 2) : text(result));
    return result;
  } finally {
    services.close();
  }
}

/** Bytes in JSON output are PEM certificates or base64, never arrays of numbers. */
function jsonBytes(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
}

export function lines(rows: [string, string | number | boolean | undefined][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${String(v)}`)
    .join('\n');
}

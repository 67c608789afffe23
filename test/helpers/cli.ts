/** Runs the real `signet` command (bin/signet.js over the build) in a child process. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

const BIN = join(__dirname, '..', '..', 'bin', 'signet.js');

export function signet(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): CliResult {
  return run(
    process.execPath,
    [BIN, ...args],
    { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    cwd,
  );
}

/** The same as another user (uid and gid `uid`), through setpriv: the test must run as root. */
export function signetAs(uid: number, args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const user = [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--'];
  return run('setpriv', [...user, process.execPath, BIN, ...args], {
    PATH: process.env.PATH,
    HOME: '/tmp',
    ...env,
  });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): CliResult {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a command with --json and parses its one JSON document; fails loudly otherwise. */
export function signetJson<T = Record<string, unknown>>(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): T {
  const r = signet([...args, '--json'], env);
  if (r.status !== 0) throw new Error(`signet ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** The stderr lines that are not the development-passphrase warning. */
export function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('warning:'));
}

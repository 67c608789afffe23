/**
 * Starts the real server (`node bin/start.js`, as `npm start` does) on a free port of 127.0.0.1 in a
 * child process, with its own data directory; tests talk to it over HTTP like any client.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signetJson } from './cli';
import { tempDir } from './openssl';

export interface RunningServer {
  url: string;
  dataDir: string;
  adminToken: string;
  demoApiKey: string;
  process: ChildProcess;
  /** The server's processes: the one started and, in a cluster, its workers (for RSS and CPU). */
  pids(): number[];
  logs(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const START = join(__dirname, '..', '..', 'bin', 'start.js');

/**
 * Sets a data directory up as an operator does where SIGNET_KEY_PASSPHRASE is set (the server then
 * makes no development CA): `signet init`, a demo department with a certificate, and the two token
 * files the development bootstrap would have written, for the tests to read alike.
 */
function initAsOperator(dataDir: string, serverEnv: NodeJS.ProcessEnv): void {
  // The server's key settings (SIGNET_KEYS=pkcs11 and its token), so init makes its keys there.
  const env = Object.fromEntries(
    Object.entries(serverEnv).filter(
      ([name]) =>
        /^SIGNET_(KEY_PASSPHRASE|KEYS|PKCS11_\w+)$/.test(name) || name === 'SOFTHSM2_CONF',
    ),
  );
  const dir = ['--data-dir', dataDir];
  const { adminToken } = signetJson<{ adminToken: string }>(['init', ...dir], env);
  const { apiKey } = signetJson<{ apiKey: string }>(
    ['department', 'add', 'demo', '--name', 'Demo Department', ...dir],
    env,
  );
  signetJson(['cert', 'issue', '--department', 'demo', ...dir], env);
  writeFileSync(join(dataDir, 'admin-token'), `${adminToken}\n`, { mode: 0o600 });
  writeFileSync(join(dataDir, 'demo-api-key'), `${apiKey}\n`, { mode: 0o600 });
}

export async function startServer(env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const dataDir = env.SIGNET_DATA_DIR ?? tempDir('signet-server-');
  if (env.SIGNET_KEY_PASSPHRASE && !existsSync(join(dataDir, 'signet.db'))) {
    initAsOperator(dataDir, env);
  }
  const child = spawn(process.execPath, [START], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: '0',
      SIGNET_DATA_DIR: dataDir,
      // One server process unless a test or the environment asks for more (SIGNET_WORKERS=2 npx
      // jest ... runs a suite on two): the suites measure one process's memory and time, and the
      // server's own default (one per core) is tested in test/http/cluster.test.ts.
      SIGNET_WORKERS: process.env.SIGNET_WORKERS ?? '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that SIGKILL takes the cluster's workers with the primary, as a
    // crash of the machine would (they would otherwise finish what they were doing and exit).
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let exitSignal: NodeJS.Signals | null = null;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      exitSignal = signal;
      resolve(code);
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const poll = setInterval(() => {
      const m = /"url":"(http:\/\/[^"]+)"[^\n]*Signet is serving/.exec(output);
      if (m?.[1]) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(m[1]);
      }
    }, 25);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`server exited with ${code ?? exitSignal} before serving:\n${output}`));
    });
  });
  const read = (f: string): string => readFileSync(join(dataDir, f), 'utf8').trim();
  return {
    url,
    dataDir,
    adminToken: read('admin-token'),
    demoApiKey: read('demo-api-key'),
    process: child,
    pids: () => serverPids(child.pid ?? 0),
    logs: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        if (signal !== 'SIGKILL') child.kill(signal);
        else {
          try {
            process.kill(-child.pid, signal);
          } catch {
            child.kill(signal); // the group is gone already (ESRCH)
          }
        }
      }
      return exited;
    },
  };
}

/** A process and its children (/proc/PID/task/PID/children): a cluster's primary and workers. */
function serverPids(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter((p) => p.trim() !== '')
      .map(Number);
  } catch {
    // The server has exited: no children.
  }
  return [pid, ...children];
}

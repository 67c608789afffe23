/**
 * A verification worker thread runs at nice 10 and the main thread stays at its own priority
 * (lower-priority.ts): on a busy machine signing, OCSP and the TSA get a core first. Read back from
 * the kernel (/proc/PID/task/TID/stat, field 19: nice), for a worker of this process and for the
 * verification workers of the real server.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { WORKER_NICE } from '../../src/workers/lower-priority';
import { startServer } from '../helpers/server';

/** The nice value of a thread (proc(5): field 19 of stat, after the parenthesised name). */
function niceOf(pid: number, tid: number): number {
  const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[16]); // field 19 counted from 1; fields[0] is field 3
}

const threadsOf = (pid: number): number[] => readdirSync(`/proc/${pid}/task`).map(Number);

const linuxOnly = process.platform === 'linux' ? describe : describe.skip;

linuxOnly('verification threads at a lower priority', () => {
  it('lowers the calling worker thread only', async () => {
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       const { readlinkSync } = require('node:fs');
       const { lowerThreadPriority } = require(${JSON.stringify(join(__dirname, '../../dist/workers/lower-priority.js'))});
       const lowered = lowerThreadPriority();
       parentPort.postMessage({ lowered, tid: Number(readlinkSync('/proc/thread-self').split('/').pop()) });
       parentPort.once('message', () => process.exit(0));`,
      { eval: true },
    );
    const { lowered, tid } = await new Promise<{ lowered: boolean; tid: number }>((resolve) =>
      worker.once('message', resolve),
    );
    expect(lowered).toBe(true);
    expect(niceOf(process.pid, tid)).toBe(WORKER_NICE);
    expect(niceOf(process.pid, process.pid)).toBe(0);
    worker.postMessage('stop');
    await new Promise((resolve) => worker.once('exit', resolve));
  });

  it('runs the server verification workers at nice 10 and its main thread at 0', async () => {
    const server = await startServer({ SIGNET_VERIFY_WORKERS: '2' });
    try {
      // The pool starts its workers with the server; give them a moment to run their entry.
      const deadline = Date.now() + 10_000;
      const nicedThreads = () =>
        server
          .pids()
          .flatMap((pid) => threadsOf(pid).filter((tid) => niceOf(pid, tid) === WORKER_NICE));
      let niced = nicedThreads();
      while (niced.length < 2 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        niced = nicedThreads();
      }
      expect(niced.length).toBeGreaterThanOrEqual(2);
      // Every process's main thread (its thread ID is its process ID) keeps priority 0.
      for (const pid of server.pids()) expect(niceOf(pid, pid)).toBe(0);
    } finally {
      await server.stop();
    }
  });
});

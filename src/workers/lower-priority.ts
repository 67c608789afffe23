/**
 * Lowers the CPU priority of the calling worker thread, so that on a busy machine the main thread,
 * which signs and answers OCSP, the TSA and health checks, gets a core before a verification
 * does: a verification is allowed seconds, a time-stamp a few milliseconds. On Linux,
 * setpriority(2) with a thread ID sets the nice value of that thread alone (the man page's BUGS:
 * nice is per thread under NPTL); /proc/thread-self names the calling thread's ID. Elsewhere, or
 * where it is refused, the thread keeps its priority: the order of work is a matter of latency,
 * not of correctness.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The nice value of a verification thread (0 is the main thread's; 19 the lowest). */
export const WORKER_NICE = 10;

/** True when the thread's priority was lowered. */
export function lowerThreadPriority(nice = WORKER_NICE): boolean {
  if (process.platform !== 'linux') return false;
  try {
    // "PID/task/TID" (proc(5), /proc/thread-self).
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}

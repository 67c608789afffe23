/**
 * Where the third-party conformance suites live: read in place from the shared checkout beside the
 * project (../shared/conformance from the project root), never copied into the repository.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const PROJECT_ROOT = join(__dirname, '..', '..');
export const CONFORMANCE_DIR = join(PROJECT_ROOT, '..', 'shared', 'conformance');

export function readConformanceJson<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(join(CONFORMANCE_DIR, ...parts), 'utf8')) as T;
}

export function readConformanceBytes(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(join(CONFORMANCE_DIR, ...parts)));
}

/** "N/M passed (P%)" for the one-line summaries each suite prints. */
export function rate(passed: number, total: number): string {
  const percent = total === 0 ? 100 : (100 * passed) / total;
  return `${passed}/${total} passed (${percent.toFixed(1)}%)`;
}

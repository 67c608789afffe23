/**
 * Where the third-party conformance suites live: copied into the repository
 * (test/conformance/suites, see its README for sources and licences), so that a fresh clone runs
 * them with nothing beside it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CONFORMANCE_DIR = join(__dirname, 'suites');

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

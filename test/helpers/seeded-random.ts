/**
 * A seeded xorshift32 generator for property tests: the same inputs on every run, so that a
 * failure can be replayed from its index.
 */
export interface SeededRandom {
  /** An integer in [0, n). */
  below(n: number): number;
  bytes(n: number): Uint8Array;
  pick<T>(items: readonly T[]): T;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  const below = (n: number): number => next() % n;
  const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => below(256));
  const pick = <T>(items: readonly T[]): T => items[below(items.length)] as T;
  return { below, bytes, pick };
}

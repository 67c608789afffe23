/** The time, injected so that use cases and tests agree on "now" (STYLE.md rule 9). */
export interface Clock {
  now(): Date;
}

/** Random bytes from a CSPRNG, injected for the same reason. */
export interface RandomSource {
  bytes(length: number): Uint8Array;
}

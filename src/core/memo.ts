/**
 * A bounded memo for pure functions of bytes: what depends only on the signer's certificate or
 * algorithm is encoded once, not on every signature. Oldest entries go first when it is full.
 */
export function memoize<A extends unknown[], R>(
  keyOf: (...args: A) => string,
  compute: (...args: A) => R,
  capacity = 256,
): (...args: A) => R {
  const entries = new Map<string, R>();
  return (...args: A): R => {
    const key = keyOf(...args);
    if (entries.has(key)) return entries.get(key) as R;
    const value = compute(...args);
    if (entries.size >= capacity) {
      const oldest = entries.keys().next();
      if (!oldest.done) entries.delete(oldest.value);
    }
    entries.set(key, value);
    return value;
  };
}

/** A memo key for bytes (certificates are a few hundred to a few thousand octets). */
export function bytesKey(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

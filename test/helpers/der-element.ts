/** One BER/DER element (X.690 8.1): its tag octets, whether constructed, its contents, its end. */
export interface Element {
  tag: Buffer;
  constructed: boolean;
  content: Buffer;
  end: number;
}

export function readElement(der: Buffer, start: number): Element {
  let pos = start + 1;
  const first = der[start] as number;
  if ((first & 0x1f) === 0x1f) while ((der[pos++] as number) & 0x80);
  const tag = der.subarray(start, pos);
  let length = der[pos++] as number;
  if (length & 0x80) {
    const octets = length & 0x7f;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + (der[pos++] as number);
  }
  return {
    tag,
    constructed: (first & 0x20) !== 0,
    content: der.subarray(pos, pos + length),
    end: pos + length,
  };
}

/**
 * The ToUnicode CMap of a composite font (ISO 32000-1 9.10.3): maps each two-byte code (a CID)
 * back to the Unicode text of its glyph, so text extraction and search find the seal's words.
 */

/** bfchar entries per block (at most 100, 9.10.3 and Adobe TN 5411). */
const BLOCK = 100;

export function toUnicodeCMap(texts: ReadonlyMap<number, string>): Uint8Array {
  const entries = [...texts].sort(([a], [b]) => a - b);
  const lines = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
  ];
  for (let i = 0; i < entries.length; i += BLOCK) {
    const block = entries.slice(i, i + BLOCK);
    lines.push(`${block.length} beginbfchar`);
    for (const [cid, text] of block) lines.push(`<${hex16(cid)}> <${utf16Hex(text)}>`);
    lines.push('endbfchar');
  }
  lines.push('endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end');
  return new Uint8Array(Buffer.from(lines.join('\n'), 'latin1'));
}

export function hex16(value: number): string {
  return value.toString(16).toUpperCase().padStart(4, '0');
}

/** UTF-16BE in hexadecimal, as bfchar destinations are written (9.10.3). */
function utf16Hex(text: string): string {
  return Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase();
}

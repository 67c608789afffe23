/**
 * An incremental update written by hand (ISO 32000-1 7.5.6), as another PDF tool would append
 * one, with nothing of Signet's PDF writer: a new content stream that draws text on the first
 * page, that page's object rewritten to list it, and a cross-reference table section whose
 * trailer points to the previous one (/Prev). For files whose last section is a table.
 */

function lastMatch(text: string, pattern: RegExp): RegExpExecArray {
  let found: RegExpExecArray | undefined;
  for (const m of text.matchAll(pattern)) found = m as RegExpExecArray;
  if (!found) throw new Error(`no match for ${pattern}`);
  return found;
}

/** ISO 32000-1 7.5.4: each entry is exactly 20 bytes. */
const entry = (offset: number): string => `${String(offset).padStart(10, '0')} 00000 n\r\n`;

export function appendTextByHand(pdf: Buffer, text: string): Buffer {
  const s = pdf.toString('latin1');
  const startxref = Number(lastMatch(s, /startxref\s+(\d+)\s+%%EOF/g)[1]);
  const tail = s.slice(s.lastIndexOf('trailer'));
  const size = Number(/\/Size\s+(\d+)/.exec(tail)?.[1]);
  const root = /\/Root\s+(\d+ \d+ R)/.exec(tail)?.[1];
  if (!size || !root) throw new Error('the last section is not a cross-reference table');
  // The page's newest version: the last object whose dictionary is of /Type /Page.
  const page = lastMatch(s, /(\d+) 0 obj\s*(<<\s*\/Type\s*\/Page\b(?!s)[\s\S]*?)endobj/g);
  const pageNumber = Number(page[1]);
  const font = /\/Font\s*<<\s*\/([^\s/<>]+)/.exec(page[2] ?? '')?.[1];
  if (!font) throw new Error('the page has no font to draw with');
  const contentNumber = size;
  const pageBody = (page[2] ?? '').replace(
    /\/Contents\s*(\[[^\]]*\]|\d+ \d+ R)/,
    (_m, old: string) => `/Contents [${old.replace(/[[\]]/g, ' ')} ${contentNumber} 0 R]`,
  );
  const drawing = `BT /${font} 24 Tf 50 600 Td (${text}) Tj ET`;
  let update = '\n';
  const pageOffset = pdf.length + update.length;
  update += `${pageNumber} 0 obj\n${pageBody}endobj\n`;
  const contentOffset = pdf.length + update.length;
  update += `${contentNumber} 0 obj\n<< /Length ${drawing.length} >>\nstream\n${drawing}\nendstream\nendobj\n`;
  const xref = pdf.length + update.length;
  update +=
    `xref\n${pageNumber} 1\n${entry(pageOffset)}${contentNumber} 1\n${entry(contentOffset)}` +
    `trailer\n<< /Size ${contentNumber + 1} /Root ${root} /Prev ${startxref} >>\n` +
    `startxref\n${xref}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(update, 'latin1')]);
}

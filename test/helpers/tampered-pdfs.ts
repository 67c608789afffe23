/**
 * Signed PDFs changed after signing in ways a verifier must not accept, each written by hand as
 * an incremental update (ISO 32000-1 7.5.6) with nothing of Signet's PDF code, for files whose
 * last cross-reference section is a table and whose objects are not in object streams:
 * - content-replaced-dss-comment: the page's content stream replaced, the new stream holding the
 *   comment `% /DSS` (a reader that searches the appended bytes for "/DSS" takes it for
 *   validation data);
 * - page-added: a new page appended to the page tree.
 * (The `pdf` branch writes the full corpus under this same export.)
 */

export interface TamperedPdf {
  name: string;
  bytes: Buffer;
}

function lastMatch(text: string, pattern: RegExp): RegExpExecArray {
  let found: RegExpExecArray | undefined;
  for (const m of text.matchAll(pattern)) found = m as RegExpExecArray;
  if (!found) throw new Error(`no match for ${pattern}`);
  return found;
}

/** The newest body of object `num` (the last "num 0 obj ... endobj" in the file). */
function objectBody(text: string, num: number): string {
  return lastMatch(text, new RegExp(`(?:^|\\s)${num} 0 obj\\s*([\\s\\S]*?)endobj`, 'g'))[1] ?? '';
}

/** Appends `objects` (number to body) as one update with a table section (ISO 32000-1 7.5.4). */
function appendObjects(pdf: Buffer, objects: Map<number, string>): Buffer {
  const text = pdf.toString('latin1');
  const startxref = Number(lastMatch(text, /startxref\s+(\d+)\s+%%EOF/g)[1]);
  const tail = text.slice(text.lastIndexOf('trailer'));
  const size = Number(/\/Size\s+(\d+)/.exec(tail)?.[1]);
  const root = /\/Root\s+(\d+ \d+ R)/.exec(tail)?.[1];
  if (!size || !root) throw new Error('the last section is not a cross-reference table');
  let update = '\n';
  let table = 'xref\n';
  for (const [num, body] of objects) {
    table += `${num} 1\n${String(pdf.length + update.length).padStart(10, '0')} 00000 n\r\n`;
    update += `${num} 0 obj\n${body}\nendobj\n`;
  }
  const xref = pdf.length + update.length;
  const newSize = Math.max(size, ...[...objects.keys()].map((n) => n + 1));
  update +=
    `${table}trailer\n<< /Size ${newSize} /Root ${root} /Prev ${startxref} >>\n` +
    `startxref\n${xref}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(update, 'latin1')]);
}

/** The page's content stream replaced; the new stream's comment names /DSS. */
function replacedContent(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const page = lastMatch(text, /\/Type\s*\/Page\b(?!s)[^]*?\/Contents\s*\[?\s*(\d+) 0 R/g);
  const stream = '% /DSS\nBT /F1 24 Tf 72 760 Td (All fees waived) Tj ET';
  return appendObjects(
    pdf,
    new Map([[Number(page[1]), `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`]]),
  );
}

/** A second page added to the page tree (the catalog's /Pages). */
function addedPage(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const tail = text.slice(text.lastIndexOf('trailer'));
  const size = Number(/\/Size\s+(\d+)/.exec(tail)?.[1]);
  const root = Number(/\/Root\s+(\d+) \d+ R/.exec(tail)?.[1]);
  const pagesNum = Number(/\/Pages\s+(\d+) 0 R/.exec(objectBody(text, root))?.[1]);
  const pages = objectBody(text, pagesNum)
    .replace(/\/Kids\s*\[([^\]]*)\]/, (_m, kids: string) => `/Kids [${kids.trim()} ${size} 0 R]`)
    .replace(/\/Count\s+(\d+)/, (_m, n: string) => `/Count ${Number(n) + 1}`);
  const stream = 'BT /F1 24 Tf 72 760 Td (Annex: all fees waived) Tj ET';
  return appendObjects(
    pdf,
    new Map([
      [pagesNum, pages.trim()],
      [
        size,
        `<< /Type /Page /Parent ${pagesNum} 0 R /MediaBox [0 0 595 842] /Contents ${size + 1} 0 R >>`,
      ],
      [size + 1, `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`],
    ]),
  );
}

export function tamperedPdfs(signedPdf: Buffer): TamperedPdf[] {
  return [
    { name: 'content-replaced-dss-comment', bytes: replacedContent(signedPdf) },
    { name: 'page-added', bytes: addedPage(signedPdf) },
  ];
}

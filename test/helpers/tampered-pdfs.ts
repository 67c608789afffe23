/**
 * A corpus of tampered PDFs: each case is an incremental update (ISO 32000-1 7.5.6) written by hand
 * after the last revision of a signed PDF, as an attacker would write it, with nothing of Signet's
 * PDF code. qpdf reads the signed file (its trailer, page, objects and cross-reference offsets);
 * the bytes appended are built here. Every case changes what a reader shows, or what a reader that
 * rebuilds the cross-reference table would show, while the signed bytes stay as they were; a
 * verifier must not call any of them TOTAL_PASSED.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { tempDir } from './openssl';

/** The text the tampered pages draw; pdftotext shows it where a case changes page content. */
export const FORGED_TEXT = 'Amount: 1,000,000 yuan';
/** The title a tampered document information dictionary (14.3.3) gives. */
export const FORGED_TITLE = 'Forged notice';

export interface TamperedPdf {
  name: string;
  bytes: Buffer;
}

/** What qpdf says of the signed file. */
interface SignedFacts {
  startxrefs: number[];
  size: number;
  root: string;
  info?: string;
  id?: string;
  page: number;
  pageDict: string;
  pages: number;
  pagesDict: string;
  content: number;
  /** The content stream as stored: its dictionary and raw (still encoded) data. */
  contentObject: string;
  font: string;
  offsets: Map<number, number>;
  rootNum: number;
  catalogDict: string;
  /** The interactive form: its object number when indirect, and its dictionary. */
  form: { num?: number; dict: string };
  /** The signature dictionary the first signature field holds (its /V). */
  signatureValue: string;
}

function qpdfText(file: string, args: string[]): string {
  const r = spawnSync('qpdf', [...args, file], { encoding: 'latin1' });
  // Exit status 3 means warnings (a signed file often gets some); the output is still complete.
  if (r.status !== 0 && r.status !== 3) throw new Error(`qpdf ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function must(m: RegExpExecArray | null, what: string): string {
  if (!m?.[1]) throw new Error(`The signed PDF has no ${what}.`);
  return m[1];
}

function readFacts(signed: Buffer): SignedFacts {
  const file = join(tempDir('signet-tamper-'), 'signed.pdf');
  writeFileSync(file, signed);
  const show = (what: string | number): string => qpdfText(file, [`--show-object=${what}`]).trim();
  const trailer = show('trailer');
  const pageListing = qpdfText(file, ['--show-pages']);
  const page = Number(must(/page 1: (\d+) 0 R/.exec(pageListing), 'first page'));
  const content = Number(must(/content:\s+(\d+) 0 R/.exec(pageListing), 'page content'));
  const pageDict = show(page);
  const resources = /\/Resources (\d+) 0 R/.exec(pageDict);
  const fonts = resources?.[1] ? show(resources[1]) : pageDict;
  const pages = Number(must(/\/Parent (\d+) 0 R/.exec(pageDict), 'page tree'));
  const root = must(/\/Root (\d+ \d+ R)/.exec(trailer), '/Root');
  const offsets = new Map<number, number>();
  for (const m of qpdfText(file, ['--show-xref']).matchAll(
    /^(\d+)\/0: uncompressed; offset = (\d+)/gm,
  )) {
    offsets.set(Number(m[1]), Number(m[2]));
  }
  const rootNum = Number(root.split(' ')[0]);
  const catalogDict = show(rootNum);
  const formRef = /\/AcroForm (\d+) 0 R/.exec(catalogDict)?.[1];
  const form = formRef
    ? { num: Number(formRef), dict: show(formRef) }
    : { dict: directDict(catalogDict, 'AcroForm') ?? '<< /Fields [ ] >>' };
  const firstField = must(/\/Fields \[\s*(\d+) 0 R/.exec(form.dict), 'signature field');
  const signatureValue = must(/\/V (\d+ \d+ R)/.exec(show(firstField)), 'signature value');
  const contentDict = show(content).replace(/^Object is stream\.\s+Dictionary:\s*/, '');
  const contentData = qpdfText(file, [`--show-object=${content}`, '--raw-stream-data']);
  return {
    contentObject: `${contentDict}\nstream\n${contentData}\nendstream`,
    signatureValue,
    startxrefs: [...signed.toString('latin1').matchAll(/startxref\s+(\d+)/g)].map((m) =>
      Number(m[1]),
    ),
    size: Number(must(/\/Size (\d+)/.exec(trailer), '/Size')),
    root,
    info: /\/Info (\d+ \d+ R)/.exec(trailer)?.[1],
    id: /\/ID (\[[^\]]*\])/.exec(trailer)?.[1],
    page,
    pageDict,
    pages,
    pagesDict: show(pages),
    content,
    font: must(/\/Font << \/([^\s/<>]+) /.exec(fonts), 'font'),
    offsets,
    rootNum,
    catalogDict,
    form,
  };
}

/** ISO 32000-1 7.5.4: each entry is exactly 20 bytes. */
const tableEntry = (offset: number, gen = 0): string =>
  `${String(offset).padStart(10, '0')} ${String(gen).padStart(5, '0')} n\r\n`;
const FREE_ENTRY = '0000000000 00001 f\r\n';

/** A content stream (7.8.2) drawing FORGED_TEXT, plain or FlateDecode-compressed (7.4.4). */
function forgedContent(font: string, options: { flate?: boolean; comment?: string } = {}): string {
  const text = `${options.comment ?? ''}BT /${font} 24 Tf 50 600 Td (${FORGED_TEXT}) Tj ET`;
  if (!options.flate) return stream(Buffer.from(text, 'latin1'));
  return stream(deflateSync(Buffer.from(text, 'latin1')), '/Filter /FlateDecode');
}

function stream(data: Buffer, extra = ''): string {
  return `<< /Length ${data.length} ${extra} >>\nstream\n${data.toString('latin1')}\nendstream`;
}

/**
 * One update being written: objects, raw bytes, then a cross-reference section (a table or a
 * stream) whose trailer chains to `prev`.
 */
class Update {
  private text = '';
  constructor(private readonly base: Buffer) {
    const last = base[base.length - 1];
    if (last !== 0x0a && last !== 0x0d) this.text = '\n';
  }

  get offset(): number {
    return this.base.length + Buffer.byteLength(this.text, 'latin1');
  }

  raw(text: string): this {
    this.text += text;
    return this;
  }

  /** Writes `num 0 obj` and returns its offset. */
  object(num: number, body: string): number {
    const at = this.offset;
    this.text += `${num} 0 obj\n${body}\nendobj\n`;
    return at;
  }

  /**
   * A table with one subsection per entry, in the order given (so an object may be listed twice):
   * [object, offset, generation (0 if left out)]; an offset of -1 is a free entry.
   */
  table(entries: [number, number, number?][], trailer: string): Buffer {
    const at = this.offset;
    this.text += 'xref\n';
    for (const [num, offset, gen] of entries) {
      this.text += `${num} 1\n${offset < 0 ? FREE_ENTRY : tableEntry(offset, gen)}`;
    }
    this.text += `trailer\n<< ${trailer} >>\nstartxref\n${at}\n%%EOF\n`;
    return this.done();
  }

  /**
   * A cross-reference stream (7.5.8) numbered `num`, uncompressed, /W [1 4 2]: entries are
   * [object, type, field 2, field 3]; its own entry is added.
   */
  xrefStream(num: number, entries: [number, number, number, number][], trailer: string): Buffer {
    const at = this.offset;
    const rows = [...entries, [num, 1, at, 0] as [number, number, number, number]];
    const data = Buffer.alloc(rows.length * 7);
    rows.forEach(([, type, f2, f3], i) => {
      data.writeUInt8(type, i * 7);
      data.writeUInt32BE(f2, i * 7 + 1);
      data.writeUInt16BE(f3, i * 7 + 5);
    });
    const index = rows.map(([n]) => `${n} 1`).join(' ');
    this.object(num, stream(data, `/Type /XRef /W [1 4 2] /Index [${index}] ${trailer}`));
    this.text += `startxref\n${at}\n%%EOF\n`;
    return this.done();
  }

  private done(): Buffer {
    return Buffer.concat([this.base, Buffer.from(this.text, 'latin1')]);
  }
}

/** An object stream (7.5.7), uncompressed, holding `members` in order. */
function objectStream(members: [number, string][]): string {
  let header = '';
  let body = '';
  for (const [num, value] of members) {
    header += `${num} ${body.length} `;
    body += `${value}\n`;
  }
  return stream(
    Buffer.from(header + body, 'latin1'),
    `/Type /ObjStm /N ${members.length} /First ${header.length}`,
  );
}

/** `dict` with `/Key value` set (replaced, or added before the closing `>>`). */
function withEntry(dict: string, key: string, value: string): string {
  const entry = new RegExp(`/${key} (\\[[^\\]]*\\]|\\d+ \\d+ R|/?[^\\s/<>\\[\\]]+)`);
  if (entry.test(dict)) return dict.replace(entry, `/${key} ${value}`);
  return dict.replace(/>>\s*$/, `/${key} ${value} >>`);
}

/** The page dictionary with `ref` appended to its /Annots (a direct array there, or new). */
function withAnnotation(pageDict: string, ref: string): string {
  const annots = /\/Annots \[([^\]]*)\]/.exec(pageDict);
  return withEntry(pageDict, 'Annots', `[${annots?.[1] ?? ''} ${ref}]`);
}

/**
 * The corpus over `signedPdf`, the bytes of a signed PDF (its last revision signed). Names say what
 * each update does.
 */
export function tamperedPdfs(signedPdf: Buffer): TamperedPdf[] {
  const f = readFacts(signedPdf);
  const prev = f.startxrefs[f.startxrefs.length - 1] ?? 0;
  const n = f.size;
  const keep = `/Root ${f.root}${f.info ? ` /Info ${f.info}` : ''}${f.id ? ` /ID ${f.id}` : ''}`;
  const trailer = (size: number, extra = ''): string =>
    `/Size ${size} ${keep} /Prev ${prev} ${extra}`.trim();
  const update = (): Update => new Update(signedPdf);
  const contentOffset = f.offsets.get(f.content) ?? -1;
  const cases: TamperedPdf[] = [];
  const add = (name: string, bytes: Buffer): void => {
    cases.push({ name, bytes });
  };

  // The page's content stream replaced under its own object number.
  {
    const u = update();
    const at = u.object(f.content, forgedContent(f.font));
    add('content stream replaced', u.table([[f.content, at]], trailer(n)));
  }
  // The same, with "/DSS" in comments: a text search for a DSS must not take it for one.
  {
    const u = update().raw('% /DSS added after signing\n');
    const at = u.object(f.content, forgedContent(f.font, { comment: '% /DSS\n' }));
    add('content stream replaced, with a /DSS comment', u.table([[f.content, at]], trailer(n)));
  }
  // The replacement compressed (FlateDecode), so its text is not readable in the file.
  {
    const u = update();
    const at = u.object(f.content, forgedContent(f.font, { flate: true }));
    add('content stream replaced, compressed', u.table([[f.content, at]], trailer(n)));
  }
  // A new content stream, and the page pointing at it from inside an object stream listed by a
  // cross-reference stream section (7.5.7, 7.5.8).
  {
    const u = update();
    const content = u.object(n, forgedContent(f.font));
    const page = withEntry(f.pageDict, 'Contents', `${n} 0 R`);
    const objStm = u.object(n + 1, objectStream([[f.page, page]]));
    const bytes = u.xrefStream(
      n + 2,
      [
        [n, 1, content, 0],
        [n + 1, 1, objStm, 0],
        [f.page, 2, n + 1, 0],
      ],
      trailer(n + 3),
    );
    add('page in an object stream pointing at new content, cross-reference stream', bytes);
  }
  // A new page appended to the page tree.
  {
    const u = update();
    const page = u.object(
      n,
      `<< /Type /Page /Parent ${f.pages} 0 R /MediaBox [0 0 595 842] /Contents ${n + 1} 0 R ` +
        `/Resources << /Font << /${f.font} ${fontRef(f)} >> >> >>`,
    );
    const content = u.object(n + 1, forgedContent(f.font));
    const kids = must(/\/Kids \[([^\]]*)\]/.exec(f.pagesDict), 'page list');
    const count = Number(must(/\/Count (\d+)/.exec(f.pagesDict), 'page count'));
    let pagesDict = withEntry(f.pagesDict, 'Kids', `[${kids} ${n} 0 R]`);
    pagesDict = withEntry(pagesDict, 'Count', String(count + 1));
    const pages = u.object(f.pages, pagesDict);
    add(
      'page added',
      u.table(
        [
          [f.pages, pages],
          [n, page],
          [n + 1, content],
        ],
        trailer(n + 2),
      ),
    );
  }
  // A free-text annotation (12.5.6.6) with an appearance drawing over the page.
  {
    const u = update();
    const annot = u.object(
      n,
      `<< /Type /Annot /Subtype /FreeText /Rect [40 580 560 640] /Contents (${FORGED_TEXT}) ` +
        `/DA (/${f.font} 24 Tf 0 g) /AP << /N ${n + 1} 0 R >> >>`,
    );
    const appearance = u.object(n + 1, appearanceStream(f));
    const page = u.object(f.page, withAnnotation(f.pageDict, `${n} 0 R`));
    add(
      'annotation added',
      u.table(
        [
          [f.page, page],
          [n, annot],
          [n + 1, appearance],
        ],
        trailer(n + 2),
      ),
    );
  }
  // A signature field that nobody signed (no /V), whose widget's appearance draws over the page:
  // it looks like the signature fields a countersignature adds (the "sneaky signature" attack).
  add('unsigned signature field with an appearance added', overlayField(signedPdf, f, trailer));
  // The same field holding the existing signature's dictionary: a second field for one signature.
  add(
    'signature field reusing the signed signature dictionary added',
    overlayField(signedPdf, f, trailer, `/V ${f.signatureValue}`),
  );
  // A new document information dictionary (14.3.3), named by the new trailer.
  {
    const u = update();
    const info = u.object(n, `<< /Title (${FORGED_TITLE}) /Author (Finance Bureau) >>`);
    const bytes = u.table(
      [[n, info]],
      `/Size ${n + 1} /Root ${f.root} /Info ${n} 0 R${f.id ? ` /ID ${f.id}` : ''} /Prev ${prev}`,
    );
    add('trailer /Info points to a new information dictionary', bytes);
  }
  // The existing information dictionary rewritten.
  if (f.info) {
    const u = update();
    const num = Number(f.info.split(' ')[0]);
    const at = u.object(num, `<< /Title (${FORGED_TITLE}) /Author (Finance Bureau) >>`);
    add('information dictionary replaced', u.table([[num, at]], trailer(n)));
  }
  // A new catalog, named by the new trailer, whose page tree holds one forged page.
  {
    const u = update();
    const catalog = u.object(n, withEntry(f.catalogDict, 'Pages', `${n + 1} 0 R`));
    const pages = u.object(n + 1, `<< /Type /Pages /Kids [${n + 2} 0 R] /Count 1 >>`);
    const page = u.object(
      n + 2,
      withEntry(withEntry(f.pageDict, 'Parent', `${n + 1} 0 R`), 'Contents', `${n + 3} 0 R`),
    );
    const content = u.object(n + 3, forgedContent(f.font));
    const bytes = u.table(
      [
        [n, catalog],
        [n + 1, pages],
        [n + 2, page],
        [n + 3, content],
      ],
      trailer(n + 4).replace(`/Root ${f.root}`, `/Root ${n} 0 R`),
    );
    add('trailer /Root points to a new catalog', bytes);
  }
  // The content stream written again as it was, under generation 1: references to generation 0
  // now find nothing, and the page loses its text.
  {
    const u = update();
    const at = u.offset;
    u.raw(`${f.content} 1 obj\n${f.contentObject}\nendobj\n`);
    add('content stream given generation 1', u.table([[f.content, at, 1]], trailer(n)));
  }
  // The content stream's entry marked free: the page loses its text.
  {
    add('content stream entry marked free', update().table([[f.content, -1]], trailer(n)));
  }
  // A section whose /Prev skips the signed revision, chaining to the original document.
  {
    const u = update();
    const at = u.object(f.content, forgedContent(f.font));
    const first = f.startxrefs[0] ?? prev;
    add(
      'new section chained past the signed revision',
      u.table([[f.content, at]], trailer(n).replace(`/Prev ${prev}`, `/Prev ${first}`)),
    );
  }
  // The content stream listed twice in one table: first as it was, then as forged. Readers that
  // keep the last entry of a section show the forged one.
  if (contentOffset >= 0) {
    const u = update();
    const at = u.object(f.content, forgedContent(f.font));
    add(
      'content stream listed twice in one cross-reference table',
      u.table(
        [
          [f.content, contentOffset],
          [f.content, at],
        ],
        trailer(n),
      ),
    );
  }
  // The forged content stream written in the update, but the section lists the old one: only a
  // reader that rebuilds the cross-reference table (a damaged file) shows it.
  if (contentOffset >= 0) {
    const u = update();
    u.object(f.content, forgedContent(f.font));
    add(
      'content stream redefined but not listed in the section',
      u.table([[f.content, contentOffset]], trailer(n)),
    );
  }
  // A hybrid-reference section (7.5.8.4): the table lists the page where it was, the stream named
  // by /XRefStm puts it in a new object stream, pointing at new content.
  {
    const pageOffset = f.offsets.get(f.page);
    if (pageOffset !== undefined) {
      const u = update();
      const content = u.object(n, forgedContent(f.font));
      const objStm = u.object(
        n + 1,
        objectStream([[f.page, withEntry(f.pageDict, 'Contents', `${n} 0 R`)]]),
      );
      const xrefStm = u.offset;
      u.object(
        n + 2,
        stream(
          Buffer.from([2, 0, 0, 0, n + 1, 0, 0]),
          `/Type /XRef /Size ${n + 3} /W [1 4 2] /Index [${f.page} 1]`,
        ),
      );
      const bytes = u.table(
        [
          [f.page, pageOffset],
          [n, content],
          [n + 1, objStm],
          [n + 2, xrefStm],
        ],
        trailer(n + 3, `/XRefStm ${xrefStm}`),
      );
      add('hybrid section: /XRefStm moves the page into an object stream', bytes);
    }
  }
  // The forged content stream after the last %%EOF, with no section, followed by enough bytes
  // that a reader looking for `startxref` near the end of the file does not find it and rebuilds
  // the cross-reference table from the objects it finds.
  {
    const tail = `\n${f.content} 0 obj\n${forgedContent(f.font)}\nendobj\n${'% padding\n'.repeat(20_000)}`;
    add('object after the last %%EOF', Buffer.concat([signedPdf, Buffer.from(tail, 'latin1')]));
  }
  return cases;
}

/**
 * An update adding a signature field (12.7.4.5) whose widget's appearance draws FORGED_TEXT over
 * the first page, listed in the page's /Annots and the form's /Fields; `value` its /V, if any.
 */
function overlayField(
  signed: Buffer,
  f: SignedFacts,
  trailer: (size: number) => string,
  value = '',
): Buffer {
  const n = f.size;
  const u = new Update(signed);
  const widget = u.object(
    n,
    `<< /Type /Annot /Subtype /Widget /FT /Sig /T (Approval) /F 4 /P ${f.page} 0 R ${value} ` +
      `/Rect [40 580 560 640] /AP << /N ${n + 1} 0 R >> >>`,
  );
  const appearance = u.object(n + 1, appearanceStream(f));
  const page = u.object(f.page, withAnnotation(f.pageDict, `${n} 0 R`));
  const entries: [number, number][] = [
    [f.page, page],
    [n, widget],
    [n + 1, appearance],
  ];
  const form = withField(f.form.dict, `${n} 0 R`);
  if (f.form.num !== undefined) entries.push([f.form.num, u.object(f.form.num, form)]);
  else entries.push([f.rootNum, u.object(f.rootNum, f.catalogDict.replace(f.form.dict, form))]);
  return u.table(entries, trailer(n + 2));
}

/** The font the first page's resources name (for pages and appearances drawing text). */
function fontRef(f: SignedFacts): string {
  const m = new RegExp(`/${f.font} (\\d+ \\d+ R)`).exec(f.pageDict);
  return m?.[1] ?? 'null';
}

/** A form XObject (8.10) drawing FORGED_TEXT on white, the appearance of a 520 x 60 box. */
function appearanceStream(f: SignedFacts): string {
  const draw = `1 g 0 0 520 60 re f 0 g BT /${f.font} 24 Tf 10 20 Td (${FORGED_TEXT}) Tj ET`;
  return stream(
    Buffer.from(draw, 'latin1'),
    `/Type /XObject /Subtype /Form /BBox [0 0 520 60] /Resources << /Font << /${f.font} ${fontRef(f)} >> >>`,
  );
}

/** The value of `/key` in `dict` when it is a dictionary: from its `<<` to the matching `>>`. */
function directDict(dict: string, key: string): string | undefined {
  const at = dict.indexOf(`/${key} <<`);
  if (at < 0) return undefined;
  const start = at + key.length + 2;
  let depth = 0;
  for (let i = start; i < dict.length - 1; i++) {
    if (dict.startsWith('<<', i)) depth += 1;
    else if (dict.startsWith('>>', i) && --depth === 0) return dict.slice(start, i + 2);
  }
  return undefined;
}

/** The interactive form dictionary (12.7.2) with `field` added to /Fields, and /SigFlags set. */
function withField(form: string, field: string): string {
  const fields = /\/Fields \[([^\]]*)\]/.exec(form);
  return withEntry(withEntry(form, 'Fields', `[${fields?.[1] ?? ''} ${field}]`), 'SigFlags', '3');
}

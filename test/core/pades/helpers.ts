/**
 * Shared steps of the PAdES tests: input PDFs of several kinds made by other tools (pdf-lib, qpdf,
 * LibreOffice) or by hand, signing with the CAdES core and a test PKI made by OpenSSL, and
 * poppler's pdfsig with the test root trusted in a fresh NSS database.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import {
  addSignatureTimestamp,
  signCadesBaselineB,
  type TimestampSource,
} from '../../../src/core/cms';
import {
  embedCms,
  hashByteRange,
  preparePdfSignature,
  type PdfSignatureOptions,
} from '../../../src/core/pades';
import { ecKey, makeOpensslPki, mustOpenssl, tempDir, type TestPki } from '../../helpers/openssl';
import { pemSigner } from '../../helpers/pem-signer';

export const signingTime = new Date('2025-03-01T10:00:00.000Z');

/**
 * The text on page one of every input. Tests change a byte of it in the hand-written inputs, whose
 * content streams hold it as plain text; pdf-lib and LibreOffice compress theirs.
 */
export const NOTICE = 'Notice No. 42 of the Finance Bureau';

export type InputKind =
  | 'pdf-lib, cross-reference table'
  | 'pdf-lib, cross-reference stream'
  | 'qpdf, object streams'
  | 'qpdf, linearized'
  | 'qpdf, linearized with object streams'
  | 'hand, minimal'
  | 'hand, hybrid (table with /XRefStm)'
  | 'LibreOffice Writer export';

export const INPUT_KINDS: InputKind[] = [
  'pdf-lib, cross-reference table',
  'pdf-lib, cross-reference stream',
  'qpdf, object streams',
  'qpdf, linearized',
  'qpdf, linearized with object streams',
  'hand, minimal',
  'hand, hybrid (table with /XRefStm)',
  'LibreOffice Writer export',
];

export async function pdfLibPdf(useObjectStreams: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText(NOTICE, { x: 50, y: 780, size: 14, font });
  doc.addPage([595, 842]).drawText('Page two', { x: 50, y: 780, size: 14, font });
  return doc.save({ useObjectStreams });
}

/**
 * A minimal PDF written by hand (ISO 32000-1 7.5): header with a binary comment, four objects, a
 * cross-reference table with CRLF entries, the trailer and %%EOF followed by CRLF. With
 * `forwardEntry`, the page also lists a content stream 6 that the table places at that offset,
 * past the end of the file (a trap a later update can fill).
 */
export function handWrittenPdf(forwardEntry?: number): Uint8Array {
  const content = `BT /F1 14 Tf 50 780 Td (${NOTICE}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${forwardEntry === undefined ? '4 0 R' : '[4 0 R 6 0 R]'} ` +
      '/Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let text = '%PDF-1.7\r\n%\xe2\xe3\xcf\xd3\r\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\r\n${body}\r\nendobj\r\n`;
  });
  if (forwardEntry !== undefined) offsets.push(forwardEntry);
  const xref = text.length;
  text += `xref\r\n0 ${offsets.length + 1}\r\n0000000000 65535 f\r\n`;
  for (const offset of offsets) text += `${String(offset).padStart(10, '0')} 00000 n\r\n`;
  text += `trailer\r\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\r\nstartxref\r\n${xref}\r\n%%EOF\r\n`;
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

/**
 * A hybrid-reference file (ISO 32000-1 7.5.8.4), as Word writes them: the font lives in an object
 * stream, which only the cross-reference stream named by the table's trailer /XRefStm lists; the
 * table marks it free for readers that know no streams.
 */
export function hybridPdf(): Uint8Array {
  const content = `BT /F1 14 Tf 50 780 Td (${NOTICE}) Tj ET`;
  const member = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  const packed = deflateSync(Buffer.from(`5 0 ${member}`, 'latin1'));
  let text = '%PDF-1.5\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  const add = (num: number, body: string): void => {
    offsets[num] = text.length;
    text += `${num} 0 obj\n${body}\nendobj\n`;
  };
  add(1, '<< /Type /Catalog /Pages 2 0 R >>');
  add(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  add(
    3,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R ' +
      '/Resources << /Font << /F1 5 0 R >> >> >>',
  );
  add(4, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  add(
    6,
    `<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${packed.length} >>\n` +
      `stream\n${packed.toString('latin1')}\nendstream`,
  );
  add(
    7,
    '<< /Type /XRef /Size 8 /W [1 1 1] /Index [5 1] /Length 3 >>\nstream\n\x02\x06\x00\nendstream',
  );
  const xref = text.length;
  const entry = (num: number): string =>
    offsets[num] === undefined
      ? '0000000000 65535 f\r\n'
      : `${String(offsets[num]).padStart(10, '0')} 00000 n\r\n`;
  text += `xref\n0 8\n${[0, 1, 2, 3, 4, 5, 6, 7].map(entry).join('')}`;
  text += `trailer\n<< /Size 8 /Root 1 0 R /XRefStm ${offsets[7]} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

/**
 * The source of the LibreOffice input, a flat OpenDocument text (ODF 1.3, 3.1.2): NOTICE and a
 * line of Chinese in a CJK font on page one, then a page break and a second page.
 */
const NOTICE_FODT = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls>
  <style:font-face style:name="WenQuanYi Micro Hei" svg:font-family="'WenQuanYi Micro Hei'"/>
 </office:font-face-decls>
 <office:automatic-styles>
  <style:style style:name="Chinese" style:family="paragraph">
   <style:text-properties style:font-name-asian="WenQuanYi Micro Hei"/>
  </style:style>
  <style:style style:name="NewPage" style:family="paragraph">
   <style:paragraph-properties fo:break-before="page"/>
  </style:style>
 </office:automatic-styles>
 <office:body>
  <office:text>
   <text:p>${NOTICE}</text:p>
   <text:p text:style-name="Chinese">北京市财政局通知</text:p>
   <text:p text:style-name="NewPage">Page two</text:p>
  </office:text>
 </office:body>
</office:document>
`;

let libreOfficeCache: Uint8Array | undefined;

/**
 * NOTICE_FODT as LibreOffice Writer exports it (PDF 1.6, a cross-reference table, compressed
 * content streams, subset TrueType fonts, indirect stream /Length, no newline after %%EOF).
 * Converting takes about 5 s, and Jest gives every test file fresh modules, so the PDF is also
 * kept in the temporary directory under the hash of the source and of `soffice --version`, written
 * by rename so that parallel workers never read half a file. Each conversion has its own user
 * profile: LibreOffice locks its profile, so parallel workers (or root beside a user) would clash.
 */
export function libreOfficePdf(): Uint8Array {
  if (libreOfficeCache) return libreOfficeCache.slice();
  const version = execFileSync('soffice', ['--version'], { encoding: 'utf8' });
  const key = createHash('sha256').update(NOTICE_FODT).update(version).digest('hex');
  const cached = join(tmpdir(), `signet-libreoffice-${key.slice(0, 16)}.pdf`);
  if (!existsSync(cached)) {
    const work = tempDir('signet-libreoffice-');
    try {
      writeFileSync(join(work, 'notice.fodt'), NOTICE_FODT);
      const r = spawnSync(
        'soffice',
        [
          `-env:UserInstallation=file://${join(work, 'profile')}`,
          '--headless',
          '--norestore',
          '--convert-to',
          'pdf',
          '--outdir',
          work,
          join(work, 'notice.fodt'),
        ],
        { encoding: 'utf8', timeout: 120_000 },
      );
      // soffice exits with 0 also when a conversion fails: the output file tells.
      if (!existsSync(join(work, 'notice.pdf'))) {
        throw new Error(`soffice wrote no PDF (status ${r.status}): ${r.stderr}${r.error ?? ''}`);
      }
      renameSync(join(work, 'notice.pdf'), cached);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  libreOfficeCache = new Uint8Array(readFileSync(cached));
  return libreOfficeCache.slice();
}

/** Runs qpdf on `input` with `args` and returns its output file. */
export function qpdf(dir: string, input: Uint8Array, args: string[]): Uint8Array {
  const inPath = join(dir, `qpdf-in-${Math.random().toString(36).slice(2)}.pdf`);
  const outPath = `${inPath}.out.pdf`;
  writeFileSync(inPath, input);
  execFileSync('qpdf', [...args, inPath, outPath], { stdio: 'pipe' });
  return new Uint8Array(readFileSync(outPath));
}

export async function inputPdf(kind: InputKind, dir: string): Promise<Uint8Array> {
  switch (kind) {
    case 'pdf-lib, cross-reference table':
      return pdfLibPdf(false);
    case 'pdf-lib, cross-reference stream':
      return pdfLibPdf(true);
    case 'qpdf, object streams':
      return qpdf(dir, await pdfLibPdf(false), ['--object-streams=generate']);
    case 'qpdf, linearized':
      return qpdf(dir, await pdfLibPdf(false), ['--linearize']);
    case 'qpdf, linearized with object streams':
      return qpdf(dir, await pdfLibPdf(false), ['--linearize', '--object-streams=generate']);
    case 'hand, minimal':
      return handWrittenPdf();
    case 'hand, hybrid (table with /XRefStm)':
      return hybridPdf();
    case 'LibreOffice Writer export':
      return libreOfficePdf();
  }
}

/**
 * The test PKI with PDF signers: a department certificate whose extended key usage lists
 * emailProtection beside documentSigning (RFC 9336). poppler's pdfsig asks NSS for the
 * email-signer usage, which NSS refuses for a certificate whose only EKU is documentSigning
 * ("Unknown issue with Certificate"). `second` is another department under the same issuing CA.
 */
export function makePdfSigningPki(): { pki: TestPki; second: TestPki } {
  const pki = makeOpensslPki();
  const file = (name: string): string => join(pki.dir, name);
  writeFileSync(
    file('pdf-signer.cnf'),
    [
      '[signer]',
      'basicConstraints=critical,CA:false',
      'keyUsage=critical,digitalSignature,nonRepudiation',
      'extendedKeyUsage=1.3.6.1.5.5.7.3.36,emailProtection',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
      '',
    ].join('\n'),
  );
  const issue = (id: string, keyPath: string, subject: string): TestPki['signer'] => {
    mustOpenssl(['req', '-new', '-key', keyPath, '-out', file(`${id}.csr`), '-subj', subject]);
    mustOpenssl([
      'x509',
      '-req',
      '-in',
      file(`${id}.csr`),
      '-CA',
      pki.issuing.certPath,
      '-CAkey',
      pki.issuing.keyPath,
      '-set_serial',
      `0x${randomBytes(8).toString('hex')}`,
      '-days',
      '365',
      '-sha256',
      '-extfile',
      file('pdf-signer.cnf'),
      '-extensions',
      'signer',
      '-out',
      file(`${id}.pem`),
    ]);
    mustOpenssl(['x509', '-in', file(`${id}.pem`), '-outform', 'DER', '-out', file(`${id}.der`)]);
    return {
      certPem: readFileSync(file(`${id}.pem`), 'utf8'),
      certDer: readFileSync(file(`${id}.der`)),
      keyPem: readFileSync(keyPath, 'utf8'),
      certPath: file(`${id}.pem`),
      keyPath,
    };
  };
  const signer = issue(
    'pdf-signer',
    pki.signer.keyPath,
    '/C=CN/O=Test/OU=finance/CN=Finance Bureau',
  );
  ecKey(file('audit.key'));
  const audit = issue('audit', file('audit.key'), '/C=CN/O=Test/OU=audit/CN=Audit Office');
  return { pki: { ...pki, signer }, second: { ...pki, signer: audit } };
}

/**
 * PAdES over `pdf`: prepare, hash the ByteRange, CAdES-B-B from the CMS core without signing-time
 * (B-T: plus a signature time-stamp from a test TSA), embed.
 */
export async function signPdf(
  pdf: Uint8Array,
  pki: TestPki,
  options: Partial<PdfSignatureOptions> & { timestamp?: TimestampSource } = {},
): Promise<Uint8Array> {
  const { prepared, byteRange } = preparePdfSignature(pdf, { signingTime, ...options });
  const cms = await signCadesBaselineB({
    digest: hashByteRange(prepared, byteRange, 'sha256'),
    hash: 'sha256',
    signer: pemSigner(pki.signer.keyPem),
    signerCertificate: pki.signer.certDer,
    certificates: [pki.issuing.certDer],
  });
  const timestamp = options.timestamp;
  return embedCms(
    prepared,
    byteRange,
    timestamp ? await addSignatureTimestamp(cms, timestamp) : cms,
  );
}

/** A fresh NSS database trusting the PKI's root, for pdfsig. */
export function nssDbTrusting(pki: TestPki): string {
  return nssDbTrustingRoot(pki.root.certPath);
}

/** A fresh NSS database trusting the root certificate in the PEM file `rootPath`, for pdfsig. */
export function nssDbTrustingRoot(rootPath: string): string {
  const dir = tempDir('signet-nss-');
  execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password'], { stdio: 'pipe' });
  execFileSync(
    'certutil',
    ['-A', '-d', `sql:${dir}`, '-n', 'root', '-t', 'CT,C,C', '-i', rootPath],
    { stdio: 'pipe' },
  );
  return `sql:${dir}`;
}

/** pdfsig's report on `pdf`, stdout and stderr together. */
export function pdfsig(nssDb: string, pdf: Uint8Array): string {
  const path = join(tempDir('signet-pdfsig-'), 'signed.pdf');
  writeFileSync(path, pdf);
  const r = spawnSync('pdfsig', ['-nssdir', nssDb, path], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`;
}

/** The number of times `needle` occurs in `text`. */
export function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** A copy of `pdf` with the first occurrence of `from` replaced by `to` (same length). */
export function replaceOnce(pdf: Uint8Array, from: string, to: string): Uint8Array {
  const at = Buffer.from(pdf).indexOf(Buffer.from(from, 'latin1'));
  if (at < 0 || from.length !== to.length) throw new Error(`"${from}" is not in the PDF.`);
  const copy = new Uint8Array(pdf);
  copy.set(Buffer.from(to, 'latin1'), at);
  return copy;
}

/**
 * A PDF that is costly to verify, written by hand: one signature field whose /Contents is a hex
 * string of about `bytes` bytes (ISO 32000-1 12.8.1 allows any length). Reading its facts decodes
 * the whole string, about 75 ms a megabyte on the 2-core test machine: 20 MB is over a second of
 * a verifier's time, 60 MiB several seconds. The signature itself is no CMS (zeros), so the
 * report is a FORMAT_FAILURE; what the tests measure is where that time is spent.
 */
export function pdfWithLargeSignature(bytes: number): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [4 0 R] >>',
    `<< /FT /Sig /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R /T (Signature1) /V << /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 10 20 10] /Contents <${'0'.repeat(Math.max(2, bytes - 600) & ~1)}> >> >>`,
  ];
  let pdf = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

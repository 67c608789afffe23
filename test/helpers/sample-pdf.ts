/** A one-page PDF made by pdf-lib (no object streams: hand-written updates can follow it). */
import { PDFDocument, StandardFonts } from 'pdf-lib';

export async function samplePdf(text = 'Notice of the Finance Bureau'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  page.drawText(text, {
    x: 50,
    y: 700,
    size: 20,
    font: await doc.embedFont(StandardFonts.Helvetica),
  });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

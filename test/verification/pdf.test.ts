/**
 * verify() on PDFs (issue 7) made by other writers (pdf-lib, qpdf, by hand) and signed with the
 * CMS core under a test PKI made by OpenSSL: the PAdES level, the signed byte range, what a later
 * update changed, and a changed byte. Validation data comes from the PDF's DSS alone (B-LT), so
 * the path to TOTAL_PASSED goes through the DSS reader too; pdfsig's verdicts on the same kinds
 * of files are in test/core/pades.
 */
import { addDocumentSecurityStore } from '../../src/core/pades';
import { PdfDict, PdfStream } from '../../src/core/pades/pdf/objects';
import { PdfDocument } from '../../src/core/pades/pdf/document';
import { PdfUpdate } from '../../src/core/pades/pdf/update';
import { documentFromBytes, verify, type VerificationReport } from '../../src/verification';
import { testTsa } from '../helpers/cms-interop';
import type { TestPki } from '../helpers/openssl';
import { makeRevocationData, type RevocationData } from '../helpers/openssl-revocation';
import { INPUT_KINDS, inputPdf, makePdfSigningPki, signPdf } from '../core/pades/helpers';

let pki: TestPki;
let second: TestPki;
let revocation: RevocationData;
beforeAll(() => {
  ({ pki, second } = makePdfSigningPki());
  revocation = makeRevocationData(pki);
});

/** verify() as the API calls it for a PDF sent alone, trusting the test root only. */
function verifyPdf(pdf: Uint8Array): Promise<VerificationReport> {
  return verify(
    {
      clock: { now: () => new Date() },
      trusted: { anchors: () => [pki.root.certDer], intermediates: () => [] },
      revocation: { currentCrls: async () => [] },
    },
    { document: documentFromBytesAsUploaded(pdf) },
  );
}

/** What the route gives verify() for an uploaded PDF: its digests, and the PDF kept whole. */
function documentFromBytesAsUploaded(pdf: Uint8Array) {
  return { ...documentFromBytes(pdf), content: pdf, pdf: true };
}

const statusOf = (report: VerificationReport, index: number, id: string) =>
  report.signatures[index]?.checks.find((c) => c.id === id)?.status;

/** B-T over `pdf`, signed and time-stamped now: the test PKI is valid from yesterday on. */
function signBt(pdf: Uint8Array, signer: TestPki): Promise<Uint8Array> {
  const now = new Date();
  return signPdf(pdf, signer, {
    signingTime: now,
    timestamp: testTsa(signer, { keyType: 'ec', hash: 'sha256' }, now),
  });
}

/** B-T, then a DSS with the chain and a CRL made by OpenSSL (B-LT). */
async function signLt(pdf: Uint8Array, signer: TestPki): Promise<Uint8Array> {
  return addDocumentSecurityStore(await signBt(pdf, signer), {
    certificates: [signer.signer.certDer, signer.issuing.certDer, signer.tsa.certDer],
    crls: [revocation.crlDer],
  });
}

/** Text drawn on page one by an incremental update, as in test/core/pades/changes.test.ts. */
function appendText(pdf: Uint8Array): Uint8Array {
  const doc = PdfDocument.open(pdf);
  const update = new PdfUpdate(doc);
  const ref = doc.pages()[0];
  const page = doc.dict(ref);
  if (!ref || !page) throw new Error('no page');
  const text = Buffer.from('BT /F1 24 Tf 50 700 Td (Amount: 1,000,000 yuan) Tj ET', 'latin1');
  const content = update.add(new PdfStream(new PdfDict(), new Uint8Array(text)));
  const existing = page.get('Contents');
  const list = Array.isArray(existing) ? existing : existing ? [existing] : [];
  update.set(ref, page.with('Contents', [...list, content]));
  return update.write().bytes;
}

describe.each(INPUT_KINDS)('verify() on a PDF made by %s', (kind) => {
  let signed: Uint8Array;
  beforeAll(async () => {
    signed = await signLt(await inputPdf(kind, pki.dir), pki);
  });

  it('reports a B-LT signature TOTAL_PASSED, with the revocation data of its DSS', async () => {
    const report = await verifyPdf(signed);
    expect(report.indication).toBe('TOTAL_PASSED');
    const [signature] = report.signatures;
    expect(signature?.format).toBe('PAdES-BASELINE-LT');
    expect(signature?.signer?.department).toBe('finance');
    expect(signature?.timestamp?.valid).toBe(true);
    expect(signature?.checks.map((c) => [c.id, c.status])).toEqual([
      ['format', 'passed'],
      ['byte_range', 'passed'],
      ['signing_certificate', 'passed'],
      ['message_digest', 'passed'],
      ['signature_value', 'passed'],
      ['signature_timestamp', 'passed'],
      ['certificate_chain', 'passed'],
      ['revocation', 'passed'],
      ['changes_after', 'passed'],
      ['document_status', 'not_checked'],
    ]);
    // The DSS came after the signature: an allowed change.
    expect(signature?.pdf?.changesAfter.every((c) => c.allowed)).toBe(true);
    expect(signature?.pdf?.changesAfter.map((c) => c.kind)).toContain('dss');
  });

  it('without the DSS (B-T), cannot tell the revocation status: INDETERMINATE', async () => {
    const report = await verifyPdf(await signBt(await inputPdf(kind, pki.dir), pki));
    expect(report.signatures[0]?.format).toBe('PAdES-BASELINE-T');
    expect(report.indication).toBe('INDETERMINATE');
    expect(statusOf(report, 0, 'revocation')).not.toBe('passed');
  });

  it('reports TOTAL_FAILED/HASH_FAILURE for one changed byte of the signed range', async () => {
    // Byte 10 is in the header's binary comment (ISO 32000-1 7.5.2): the file still reads.
    const changed = new Uint8Array(signed);
    changed[10] ^= 0x01;
    const report = await verifyPdf(changed);
    expect(report.indication).toBe('TOTAL_FAILED');
    expect(report.subIndication).toBe('HASH_FAILURE');
    expect(statusOf(report, 0, 'message_digest')).toBe('failed');
  });

  it('reports both signatures of a countersigned PDF, the second as an allowed change', async () => {
    const both = await signLt(signed, second);
    const report = await verifyPdf(both);
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signatures.map((s) => s.signer?.department)).toEqual(['finance', 'audit']);
    expect(report.signatures[0]?.pdf?.changesAfter.map((c) => c.kind)).toContain('signature');
    expect(report.summary).toMatch(/^All 2 signatures are valid/);
  });

  it('reports text drawn on a page after signing as a change that is not allowed', async () => {
    const report = await verifyPdf(appendText(signed));
    expect(report.indication).toBe('INDETERMINATE');
    expect(report.subIndication).toBe('SIG_CONSTRAINTS_FAILURE');
    expect(statusOf(report, 0, 'signature_value')).toBe('passed');
    expect(statusOf(report, 0, 'changes_after')).toBe('failed');
    expect(report.signatures[0]?.pdf?.changesAfter.some((c) => !c.allowed)).toBe(true);
  });
});

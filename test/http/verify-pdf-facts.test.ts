/**
 * POST /api/v1/verify with a PDF's facts (member `pdf`): what the verification page sends instead
 * of the file. The same PDF judged from its facts and uploaded whole gives the same report, for
 * good and tampered files alike; facts that break the form's limits are a 400, never a 500.
 */
import { readPdfFacts, toJson, type PdfFacts } from '../../src/verification';
import { samplePdf } from '../helpers/sample-pdf';
import { startServer, type RunningServer } from '../helpers/server';
import { tamperedPdfs } from '../helpers/tampered-pdfs';

describe('POST /api/v1/verify with the facts of a PDF', () => {
  let server: RunningServer;
  let signed: Buffer;

  const post = (body: unknown) =>
    fetch(`${server.url}/api/v1/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const upload = async (pdf: Buffer): Promise<any> => {
    const form = new FormData();
    form.append('document', new Blob([pdf], { type: 'application/pdf' }), 'notice.pdf');
    const r = await fetch(`${server.url}/api/v1/verify`, { method: 'POST', body: form });
    expect(r.status).toBe(200);
    return r.json();
  };
  const factsOf = (pdf: Buffer): PdfFacts => {
    const facts = readPdfFacts(pdf);
    if (typeof facts === 'string') throw new Error(facts);
    return facts;
  };
  /** The report without what differs by nature: the time and the whole file's digest. */
  const comparable = (report: any): any => ({
    ...report,
    validationTime: undefined,
    document: { ...report.document, digest: undefined },
    signatures: report.signatures.map((s: any) => ({ ...s, bestSignatureTime: undefined })),
  });

  beforeAll(async () => {
    server = await startServer();
    const r = await fetch(`${server.url}/api/v1/sign?format=pades&level=B-T&name=notice.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.demoApiKey}`, 'content-type': 'application/pdf' },
      body: await samplePdf(),
    });
    expect(r.status).toBe(201);
    signed = Buffer.from(await r.arrayBuffer());
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe('when the PDF is untouched', () => {
    it('reports TOTAL_PASSED, as the uploaded file does', async () => {
      const r = await post({ pdf: toJson(factsOf(signed)) });
      expect(r.status).toBe(200);
      const report: any = await r.json();
      expect(report.indication).toBe('TOTAL_PASSED');
      expect(report.document.registered.status).toBe('valid');
      expect(comparable(report)).toEqual(comparable(await upload(signed)));
    });
  });

  describe('when the signed bytes were changed', () => {
    it('reports HASH_FAILURE from the digest in the facts', async () => {
      const changed = Buffer.from(signed);
      const at = changed.indexOf('/MediaBox');
      changed.write('/MediaBoy', at, 'latin1');
      const report: any = await (await post({ pdf: toJson(factsOf(changed)) })).json();
      expect([report.indication, report.subIndication]).toEqual(['TOTAL_FAILED', 'HASH_FAILURE']);
    });
  });

  describe('when the PDF was tampered with after signing (test/helpers/tampered-pdfs.ts)', () => {
    it('is never TOTAL_PASSED, and is judged as the uploaded file is', async () => {
      const corpus = tamperedPdfs(signed);
      expect(corpus.length).toBeGreaterThanOrEqual(2);
      for (const { name, bytes } of corpus) {
        const report: any = await (await post({ pdf: toJson(factsOf(bytes)) })).json();
        expect([name, report.indication]).not.toEqual([name, 'TOTAL_PASSED']);
        expect([name, comparable(report)]).toEqual([name, comparable(await upload(bytes))]);
      }
    });
  });

  describe('when the facts are malformed or too large', () => {
    const facts = (): any => toJson(factsOf(signed));
    it.each([
      [
        'a signature whose CMS is not base64',
        (f: any) => (f.signatures[0].contents = 'not base64!'),
      ],
      ['too many signatures', (f: any) => (f.signatures = Array(65).fill(f.signatures[0]))],
      ['a member the form does not know', (f: any) => (f.signatures[0].extra = 1)],
      ['a negative ByteRange', (f: any) => (f.signatures[0].byteRange[1] = -1)],
      ['an unknown hash', (f: any) => (f.signatures[0].digests = { md5: 'AAAA' })],
      ['a digest too long', (f: any) => (f.signatures[0].digests.sha256 = 'A'.repeat(4096))],
    ])('%s: 400 INVALID_REQUEST', async (_what, spoil) => {
      const body = facts();
      spoil(body);
      const r = await post({ pdf: body });
      expect(r.status).toBe(400);
      expect(((await r.json()) as any).error.code).toBe('INVALID_REQUEST');
    });

    it('facts together with a separate signature: 400 INVALID_REQUEST', async () => {
      const r = await post({ pdf: facts(), signature: 'MAA=' });
      expect(r.status).toBe(400);
      expect(((await r.json()) as any).error.code).toBe('INVALID_REQUEST');
    });
  });
});

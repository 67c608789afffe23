/**
 * POST /api/v1/verify in the reader's language (issue 13) against the real server (dist/): the
 * same report, reasons and ids in English and Chinese, only the sentences differ; ?lang= decides,
 * else English; a language Signet does not write is a 400, not a guess.
 */
import { renderReason, subIndicationReason } from '../../src/verification/reasons';
import { startServer, type RunningServer } from '../helpers/server';

const CJK = /[\u4e00-\u9fff]/;

describe("POST /api/v1/verify in the reader's language", () => {
  let server: RunningServer;
  let signed: { digest: { algorithm: string; value: string }; signature: string };
  const notice = Buffer.from('Notice No. 9: the library opens on Sundays from June.\n');

  const verify = async (query: string, body: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(`${server.url}/api/v1/verify${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return {
      status: r.status,
      language: r.headers.get('content-language'),
      json: (await r.json()) as any,
    };
  };
  const reasonIds = (report: any): string[] => [
    report.summaryReason.id,
    ...report.signatures.flatMap((s: any) => s.checks.map((c: any) => `${c.id}:${c.reason.id}`)),
    report.document.status?.reason.id,
  ];
  const messages = (report: any): string[] => [
    report.summary,
    ...report.signatures.flatMap((s: any) => s.checks.flatMap((c: any) => [c.name, c.message])),
    report.document.status?.message,
  ];

  beforeAll(async () => {
    server = await startServer();
    const r = await fetch(`${server.url}/api/v1/sign?level=B-T`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${server.demoApiKey}`,
        'content-type': 'application/octet-stream',
      },
      body: notice,
    });
    expect(r.status).toBe(201);
    signed = (await r.json()) as typeof signed;
  });
  afterAll(async () => {
    await server.stop();
  });

  describe('when ?lang=zh-CN is asked', () => {
    it('answers the same report in Chinese, with the same reasons as in English', async () => {
      const body = { digest: signed.digest, signature: signed.signature };
      const en = await verify('', body);
      const zh = await verify('?lang=zh-CN', body);
      expect([en.status, zh.status]).toEqual([200, 200]);
      expect([en.language, zh.language]).toEqual(['en', 'zh-CN']);
      expect(zh.json.indication).toBe('TOTAL_PASSED');
      expect(reasonIds(zh.json)).toEqual(reasonIds(en.json));
      expect(zh.json.summaryReason).toEqual(en.json.summaryReason);
      for (const text of messages(zh.json)) expect(text).toMatch(CJK);
      for (const text of messages(en.json)) expect(text).not.toMatch(CJK);
      expect(zh.json.summary).toBe(renderReason('zh-CN', zh.json.summaryReason));
      expect(zh.json.summary).toMatch(/^签名有效/);
      expect(en.json.summary).toMatch(/^The signature is valid/);
    });

    it('says in Chinese why a changed document fails, under the same reason id', async () => {
      const body = {
        digest: { ...signed.digest, value: '00'.repeat(32) },
        signature: signed.signature,
      };
      const zh = await verify('?lang=zh-CN', body);
      expect([zh.json.indication, zh.json.subIndication]).toEqual(['TOTAL_FAILED', 'HASH_FAILURE']);
      const integrity = zh.json.signatures[0].checks.find((c: any) => c.id === 'message_digest');
      expect(integrity.reason).toEqual({ id: 'message_digest.mismatch', params: {} });
      expect(integrity.name).toBe('文档完整性');
      expect(integrity.message).toBe(
        '该文档不是所签署的文档：它在签署后被修改过，或者是另一份文档。',
      );
      expect(zh.json.summary).toMatch(/^签名无效。/);
      // The sub-indication in words, the page's sentence for it too (subIndicationReason).
      const why = subIndicationReason('HASH_FAILURE');
      expect(zh.json.subIndicationMessage).toBe(renderReason('zh-CN', why));
      expect(zh.json.subIndicationMessage).toMatch(CJK);
      const en = await verify('', body);
      expect(en.json.subIndicationMessage).toBe(renderReason('en', why));
      // A report that passes has no sub-indication and so no sentence for one.
      const passed = await verify('', { digest: signed.digest, signature: signed.signature });
      expect(passed.json.subIndication).toBeUndefined();
      expect(passed.json.subIndicationMessage).toBeUndefined();
    });
  });

  describe('when no ?lang= is given', () => {
    it('answers English, whatever Accept-Language says (the page asks with ?lang=)', async () => {
      const body = { digest: signed.digest, signature: signed.signature };
      const plain = await verify('', body, { 'accept-language': 'zh-CN' });
      const asked = await verify('?lang=ZH-cn', body, { 'accept-language': 'en' });
      expect(plain.language).toBe('en');
      expect(plain.json.summary).not.toMatch(CJK);
      expect(asked.language).toBe('zh-CN');
      expect(asked.json.summary).toMatch(CJK);
    });
  });

  describe('when ?lang= names a language Signet does not write', () => {
    it('answers 400 UNSUPPORTED_LANGUAGE', async () => {
      const r = await verify('?lang=fr', { digest: signed.digest, signature: signed.signature });
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe('UNSUPPORTED_LANGUAGE');
    });
  });
});

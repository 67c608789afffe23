/**
 * Issue 21 stage 4 through the real server: a CAdES signature carries the proof of its log entry
 * (salt, leaf index, audit path, signed checkpoint) as an unsigned attribute, which OpenSSL still
 * accepts; a signature answered `pending` gets its proof from /api/v1/documents/{code}/log-proof.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { certificatesNamedBy, parseSignedData, readTlogProof } from '../../src/core/cms';
import { toPem } from '../../src/core/encoding';
import { encodeEntry, entryOf, leafHash, parsePolicy, verifyTlogProof } from '../../src/core/tlog';
import { CertView } from '../../src/core/x509/certificate-model';
import { readLogVkey } from '../../src/keys/log-key';
import { opensslCmsVerifyFiles, tempDir } from '../helpers/openssl';
import { samplePdf } from '../helpers/sample-pdf';
import { startServer, type RunningServer } from '../helpers/server';

type Signed = {
  signature: string;
  verificationCode: string;
  transparency?: { status: string; index?: string };
};

async function signContent(server: RunningServer, content: string, level = 'B-T') {
  const r = await fetch(`${server.url}/api/v1/sign?level=${level}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${server.demoApiKey}`,
      'content-type': 'application/octet-stream',
    },
    body: content,
  });
  expect(r.status).toBe(201);
  return (await r.json()) as Signed;
}

/** The leaf the signature's entry hashes to, recomputed from the CMS and the salt. */
function leafOf(cms: Uint8Array, salt: Uint8Array): Buffer {
  const view = parseSignedData(cms);
  const si = view.signerInfos[0];
  if (!si?.messageDigest || !si.signingTime) throw new Error('not a Signet CAdES signature');
  const [signer] = certificatesNamedBy(
    si.sid,
    view.certificates.map((c) => CertView.parse(c)),
  );
  if (!signer) throw new Error('no signer certificate');
  return leafHash(
    encodeEntry(
      entryOf({
        type: 'signature-issued',
        issuerSpki: signer.spkiDer,
        claimedTime: si.signingTime,
        salt,
        documentDigest: si.messageDigest,
        signatureValue: si.signature,
        timestampToken: si.signatureTimestamps[0],
      }),
    ),
  );
}

const policyOf = (server: RunningServer) =>
  parsePolicy(`log ${readLogVkey(server.dataDir) ?? ''}\nquorum none\n`);

describe('the log proof in the signature', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.stop());

  describe('when the batch is sequenced within the bound', () => {
    it('answers included and the CMS carries a proof that verifies against the log key', async () => {
      const signed = await signContent(server, 'Notice 7 of the Water Bureau');
      expect(signed.transparency?.status).toBe('included');
      const cms = Buffer.from(signed.signature, 'base64');
      const si = parseSignedData(cms).signerInfos[0];
      expect(si?.tlogProofs).toHaveLength(1);
      const embedded = readTlogProof(si?.tlogProofs[0] as Uint8Array);
      expect(embedded.salt).toHaveLength(32);
      const verified = verifyTlogProof(
        embedded.proof,
        leafOf(cms, embedded.salt),
        policyOf(server),
      );
      expect(verified.index.toString()).toBe(signed.transparency?.index);
      // Another salt gives another leaf: the proof fails.
      const otherSalt = createHash('sha256').update('other').digest();
      expect(() =>
        verifyTlogProof(embedded.proof, leafOf(cms, otherSalt), policyOf(server)),
      ).toThrow(/does not lead to the root/);
    });

    it('is accepted by openssl cms -verify, and a changed document is still refused', async () => {
      const content = 'Permit 12 for the market on Station Road';
      const signed = await signContent(server, content);
      expect(signed.transparency?.status).toBe('included');
      const dir = tempDir('signet-tlog-openssl-');
      const f = (n: string) => join(dir, n);
      writeFileSync(f('sig.p7s'), Buffer.from(signed.signature, 'base64'));
      writeFileSync(f('doc'), content);
      writeFileSync(f('changed'), content.replace('12', '13'));
      const root = Buffer.from(await (await fetch(`${server.url}/ca/root.crt`)).arrayBuffer());
      writeFileSync(f('root.pem'), toPem(root, 'CERTIFICATE'));
      const ok = opensslCmsVerifyFiles(f('sig.p7s'), f('doc'), f('root.pem'));
      expect(ok.stderr).toMatch(/Verification successful/);
      expect(ok.status).toBe(0);
      const changed = opensslCmsVerifyFiles(f('sig.p7s'), f('changed'), f('root.pem'));
      expect(changed.status).not.toBe(0);
    });

    it("gives a PAdES B-LTA signature its proof too, which Signet's verifier checks", async () => {
      const r = await fetch(`${server.url}/api/v1/sign?format=pades&level=B-LTA`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${server.demoApiKey}`,
          'content-type': 'application/pdf',
        },
        body: await samplePdf('Order 5 of the Transport Bureau'),
      });
      expect(r.status).toBe(201);
      expect(r.headers.get('signet-transparency')).toMatch(/^included; index=\d+$/);
      const pdf = Buffer.from(await r.arrayBuffer());
      const form = new FormData();
      form.append('document', new Blob([pdf], { type: 'application/pdf' }), 'order.pdf');
      const v = await fetch(`${server.url}/api/v1/verify`, { method: 'POST', body: form });
      const report = (await v.json()) as {
        indication: string;
        signatures: { checks: { id: string; status: string }[] }[];
      };
      expect(report.indication).toBe('TOTAL_PASSED');
      const checks = report.signatures[0]?.checks ?? [];
      expect(checks.find((c) => c.id === 'transparency_log')?.status).toBe('passed');
    });

    it('gives a B-LTA signature its proof after the archive time-stamp', async () => {
      const signed = await signContent(server, 'Archive record 2026/44', 'B-LTA');
      expect(signed.transparency?.status).toBe('included');
      const si = parseSignedData(Buffer.from(signed.signature, 'base64')).signerInfos[0];
      expect(si?.archiveTimestamps).toHaveLength(1);
      expect(si?.tlogProofs).toHaveLength(1);
    });
  });
});

describe('a signature answered pending (SIGNET_LOG_PROOF_WAIT_MS=0)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ SIGNET_LOG_PROOF_WAIT_MS: '0' });
  });
  afterAll(() => server?.stop());

  it('carries no proof, and GET /api/v1/documents/{code}/log-proof gives it once sequenced', async () => {
    const signed = await signContent(server, 'Decision 3 of the Planning Office');
    expect(signed.transparency).toEqual({ status: 'pending' });
    const cms = Buffer.from(signed.signature, 'base64');
    expect(parseSignedData(cms).signerInfos[0]?.tlogProofs).toHaveLength(0);
    const code = encodeURIComponent(signed.verificationCode);
    let body: { status: string; salt?: string; proof?: string; attribute?: string; index?: string };
    for (let i = 0; ; i += 1) {
      const r = await fetch(`${server.url}/api/v1/documents/${code}/log-proof`);
      expect(r.status).toBe(200);
      body = (await r.json()) as typeof body;
      if (body.status === 'included' || i > 50) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(body.status).toBe('included');
    const salt = Buffer.from(body.salt ?? '', 'base64');
    verifyTlogProof(body.proof ?? '', leafOf(cms, salt), policyOf(server));
    const attribute = Buffer.from(body.attribute ?? '', 'base64');
    expect(attribute.includes(Buffer.from(body.proof ?? ''))).toBe(true);
    expect((await fetch(`${server.url}/api/v1/documents/XXXX-XXXX/log-proof`)).status).toBe(404);
  });
});

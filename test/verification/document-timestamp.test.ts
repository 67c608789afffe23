/**
 * verify() on PAdES document time-stamps (ETSI EN 319 142-1 5.4.3): Signet's writer prepares the
 * /Type /DocTimeStamp dictionary, OpenSSL's TSA (`openssl ts -reply`) makes the token, over a PDF
 * signed B-LT as in pdf.test.ts; poppler's pdfsig reads the same file.
 */
import { createHash } from 'node:crypto';
import {
  addDocumentSecurityStore,
  embedCms,
  hashByteRange,
  prepareDocumentTimestamp,
  readPdfSignatures,
} from '../../src/core/pades';
import { OID_SIGNET_TSA_POLICY } from '../../src/core/oid';
import { createTimeStampToken } from '../../src/core/tsp';
import { documentFromBytes, verify, type VerificationReport } from '../../src/verification';
import { testTsa } from '../helpers/cms-interop';
import { nodeSigner } from '../helpers/node-signer';
import { makeOpensslPki, type TestPki } from '../helpers/openssl';
import { makeRevocationData, type RevocationData } from '../helpers/openssl-revocation';
import { opensslTimestampToken } from '../helpers/openssl-tsa';
import { inputPdf, makePdfSigningPki, nssDbTrusting, pdfsig, signPdf } from '../core/pades/helpers';

let pki: TestPki;
let revocation: RevocationData;
let bt: Uint8Array;
let signed: Uint8Array;
beforeAll(async () => {
  ({ pki } = makePdfSigningPki());
  revocation = makeRevocationData(pki);
  const now = new Date();
  bt = await signPdf(await inputPdf('pdf-lib, cross-reference table', pki.dir), pki, {
    signingTime: now,
    timestamp: testTsa(pki, { keyType: 'ec', hash: 'sha256' }, now),
  });
  signed = addDocumentSecurityStore(bt, {
    certificates: [pki.signer.certDer, pki.issuing.certDer, pki.tsa.certDer],
    crls: [revocation.crlDer],
  });
});

/** verify() as the API calls it for a PDF sent alone, trusting the test root only. */
function verifyPdf(pdf: Uint8Array): Promise<VerificationReport> {
  return verify(
    {
      clock: { now: () => new Date() },
      trusted: { anchors: () => [pki.root.certDer], intermediates: () => [] },
      revocation: { currentCrls: async () => [] },
    },
    { document: { ...documentFromBytes(pdf), content: pdf, pdf: true } },
  );
}

/** A document time-stamp over `pdf` whose token `token` makes from the ByteRange's SHA-256. */
async function timestamped(
  pdf: Uint8Array,
  token: (digest: Uint8Array) => Uint8Array | Promise<Uint8Array> = (d) =>
    opensslTimestampToken(pki, d),
): Promise<Uint8Array> {
  const { prepared, byteRange } = prepareDocumentTimestamp(pdf);
  return embedCms(prepared, byteRange, await token(hashByteRange(prepared, byteRange, 'sha256')));
}

const statusOf = (report: VerificationReport, index: number, id: string) =>
  report.signatures[index]?.checks.find((c) => c.id === id)?.status;

describe('verify() on a signed PDF with a document time-stamp', () => {
  let stamped: Uint8Array;
  beforeAll(async () => {
    stamped = await timestamped(signed);
  });

  it('writes /Type /DocTimeStamp with /SubFilter /ETSI.RFC3161 and no /M', () => {
    const text = Buffer.from(stamped).toString('latin1');
    const dict = /\/Type \/DocTimeStamp[^]*?\/Contents </.exec(text)?.[0] ?? '';
    expect(dict).toContain('/SubFilter /ETSI.RFC3161');
    expect(dict).not.toContain('/M ');
    expect(readPdfSignatures(stamped).signatures.map((s) => s.subFilter)).toEqual([
      'ETSI.CAdES.detached',
      'ETSI.RFC3161',
    ]);
  });

  it('reports the signature and the time-stamp, both TOTAL_PASSED', async () => {
    const report = await verifyPdf(stamped);
    expect(report.indication).toBe('TOTAL_PASSED');
    const [signature, stamp] = report.signatures;
    expect(signature?.indication).toBe('TOTAL_PASSED');
    // The DSS came before the document time-stamp, which covers it (ETSI EN 319 142-1 6.3).
    expect(signature?.format).toBe('PAdES-BASELINE-LTA');
    expect(signature?.pdf?.changesAfter.filter((c) => c.kind === 'signature')).toHaveLength(1);
    expect(signature?.pdf?.changesAfter.every((c) => c.allowed)).toBe(true);
    expect(stamp?.indication).toBe('TOTAL_PASSED');
    expect(stamp?.format).toBe('PAdES document time-stamp');
    expect(stamp?.signer?.name).toBe('Test TSA');
    expect(stamp?.timestamp).toMatchObject({ valid: true, policy: '1.3.6.1.4.1.99999.9.1' });
    expect(stamp?.bestSignatureTime).toBe(stamp?.timestamp?.time);
    expect(stamp?.certificateChain.map((c) => c.subject)).toEqual([
      'CN=Test TSA, O=Test, C=CN',
      'CN=Test Issuing CA, O=Test, C=CN',
      'CN=Test Root, O=Test, C=CN',
    ]);
    expect(stamp?.checks.map((c) => [c.id, c.status])).toEqual([
      ['format', 'passed'],
      ['byte_range', 'passed'],
      ['message_digest', 'passed'],
      ['signature_value', 'passed'],
      ['certificate_chain', 'passed'],
      ['changes_after', 'passed'],
    ]);
    expect(report.summary).toMatch(/^The signature is valid: Finance Bureau signed/);
    expect(report.summary).toContain('A document time-stamp proves that the document existed on');
  });

  it('labels the signature B-LTA only when the time-stamp covers validation data', async () => {
    // Time-stamped without a DSS: B-T stays B-T. DSS added after the time-stamp: B-LT, not B-LTA.
    const stampedBt = await timestamped(bt);
    expect((await verifyPdf(stampedBt)).signatures[0]?.format).toBe('PAdES-BASELINE-T');
    const dssAfter = addDocumentSecurityStore(stampedBt, {
      certificates: [pki.signer.certDer, pki.issuing.certDer, pki.tsa.certDer],
      crls: [revocation.crlDer],
    });
    const report = await verifyPdf(dssAfter);
    expect(report.signatures[0]?.format).toBe('PAdES-BASELINE-LT');
    expect(report.indication).toBe('TOTAL_PASSED');
  });

  it('is read by pdfsig as a second signature it does not validate, the first still valid', () => {
    // poppler 22 finds the TSA as signer but knows no ETSI.RFC3161 ("Signature Type: unknown").
    const out = pdfsig(nssDbTrusting(pki), stamped);
    const [first, second] = out.split('Signature #2:');
    expect(first).toContain('Signature Validation: Signature is Valid.');
    expect(first).toContain('Certificate Validation: Certificate is Trusted.');
    expect(second).toContain('Signer Certificate Common Name: Test TSA');
    expect(second).toContain('Total document signed');
    expect(second).toContain('Signature Validation: Signature has not yet been verified.');
    expect(second).toContain('Unable to validate this type of signature');
  });

  it('reports TOTAL_FAILED/HASH_FAILURE for one changed byte of what it covers', async () => {
    // The last zero of the first signature's /Contents padding: signed by the time-stamp only.
    const [first] = readPdfSignatures(stamped).signatures;
    const at = (first?.byteRange[2] ?? 0) - 2;
    const changed = new Uint8Array(stamped);
    expect(String.fromCharCode(changed[at] ?? 0)).toBe('0');
    changed[at] = '1'.charCodeAt(0);
    const report = await verifyPdf(changed);
    expect(report.signatures[0]?.indication).toBe('TOTAL_PASSED');
    expect(report.signatures[1]?.indication).toBe('TOTAL_FAILED');
    expect(report.signatures[1]?.subIndication).toBe('HASH_FAILURE');
    expect(statusOf(report, 1, 'message_digest')).toBe('failed');
    expect(report.indication).toBe('TOTAL_FAILED');
    expect(report.summary).toMatch(/^The document time-stamp \(signature 2 of 2\) is not valid/);
  });

  it('reports TOTAL_FAILED/HASH_FAILURE for a token over another digest', async () => {
    const other = createHash('sha256').update('another document').digest();
    const report = await verifyPdf(
      await timestamped(signed, () => opensslTimestampToken(pki, other)),
    );
    expect(report.signatures[1]?.subIndication).toBe('HASH_FAILURE');
    expect(statusOf(report, 1, 'message_digest')).toBe('failed');
    expect(statusOf(report, 1, 'signature_value')).toBe('not_checked');
  });

  it('does not pass a token whose authority is not certified for time-stamping', async () => {
    // OpenSSL's TSA refuses such a signer, so Signet's core makes this token with the signer's key.
    const token = (digest: Uint8Array) =>
      createTimeStampToken({
        hash: 'sha256',
        messageImprint: digest,
        serialNumber: new Uint8Array([0x42]),
        genTime: new Date(),
        policy: OID_SIGNET_TSA_POLICY,
        signer: nodeSigner(pki.signer.keyPem, { keyType: 'ec', hash: 'sha256' }),
        tsaCertificate: pki.signer.certDer,
        includeCertificate: true,
      });
    const report = await verifyPdf(await timestamped(signed, token));
    expect(report.signatures[1]?.indication).not.toBe('TOTAL_PASSED');
    expect(report.signatures[1]?.subIndication).toBe('CHAIN_CONSTRAINTS_FAILURE');
    expect(statusOf(report, 1, 'signature_value')).toBe('passed');
    expect(statusOf(report, 1, 'certificate_chain')).toBe('failed');
  });

  it('does not pass a token from an authority under another root', async () => {
    const other = makeOpensslPki();
    const token = (digest: Uint8Array) =>
      opensslTimestampToken(other, digest, other.tsa, other.issuing);
    const report = await verifyPdf(await timestamped(signed, token));
    expect(report.signatures[1]?.indication).toBe('INDETERMINATE');
    expect(report.signatures[1]?.subIndication).toBe('NO_CERTIFICATE_CHAIN_FOUND');
    expect(report.indication).toBe('INDETERMINATE');
  });
});

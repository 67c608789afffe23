/**
 * verify() with OCSP responses as revocation evidence (RFC 6960), made by OpenSSL's responder for
 * a test PKI made by OpenSSL: carried in a CAdES signature (RFC 5940 otherRevInfo) or in a PDF's
 * DSS /OCSPs, as the only revocation data. Good answers pass; a revocation before the time-stamp
 * fails; a response about another certificate, from an unrelated responder, with a changed
 * signature or no longer current leaves the status unknown (TRY_LATER). OpenSSL's own reading of
 * each fixture is checked first.
 */
import { createHash } from 'node:crypto';
import { addSignatureTimestamp, addValidationData, signCadesBaselineB } from '../../src/core/cms';
import { addDocumentSecurityStore } from '../../src/core/pades';
import { documentFromBytes, verify, type VerificationReport } from '../../src/verification';
import { testTsa } from '../helpers/cms-interop';
import { nodeSigner } from '../helpers/node-signer';
import { makeOpensslPki, type TestPki } from '../helpers/openssl';
import {
  issueResponderWithoutNoCheck,
  makeOcspResponse,
  opensslOcspText,
  opensslOcspVerdict,
} from '../helpers/openssl-ocsp';
import { makeRevocationData } from '../helpers/openssl-revocation';
import { inputPdf, makePdfSigningPki, signPdf } from '../core/pades/helpers';

const MINUTE = 60_000;
const scheme = { keyType: 'ec', hash: 'sha256' } as const;
const documentBytes = new TextEncoder().encode('Permit 2025-118, Water Resources Bureau.\n');

let pki: TestPki;
/**
 * A time after every certificate of the test PKI took effect (OpenSSL dates them from the moment
 * it made them) and a second before any response was produced.
 */
let t0: Date;
const fixtures: Record<string, Buffer> = {};

beforeAll(async () => {
  ({ pki } = makePdfSigningPki());
  const unrelated = makeOpensslPki('ec');
  const uncheckedResponder = issueResponderWithoutNoCheck(pki);
  t0 = new Date(Math.floor(Date.now() / 1000) * 1000 + 1000);
  await new Promise((resolve) => setTimeout(resolve, t0.getTime() + 1000 - Date.now()));
  fixtures.good = makeOcspResponse(pki);
  fixtures.goodNoCerts = makeOcspResponse(pki, { noCerts: true });
  fixtures.byIssuer = makeOcspResponse(pki, { responder: pki.issuing });
  fixtures.unchecked = makeOcspResponse(pki, { responder: uncheckedResponder });
  fixtures.revoked = makeOcspResponse(pki, { revokeSigner: true });
  fixtures.otherSerial = makeOcspResponse(pki, { about: 'tsa' });
  fixtures.unrelated = makeOcspResponse(pki, { responder: unrelated.ocsp });
  fixtures.oneMinute = makeOcspResponse(pki, { nextUpdateMinutes: 1 });
  fixtures.oneHour = makeOcspResponse(pki, { nextUpdateMinutes: 60 });
  // The signature is the last field when no certificate follows it: its last byte changed.
  const tampered = Buffer.from(fixtures.goodNoCerts);
  tampered[tampered.length - 1] ^= 0x01;
  fixtures.tampered = tampered;
});

/** CAdES-B-T over the document, time-stamped at `genTime`, then the OCSP data given (B-LT). */
async function cades(
  genTime: Date,
  data: { ocspResponses?: Uint8Array[]; crls?: Uint8Array[]; certificates?: Uint8Array[] },
): Promise<Uint8Array> {
  const baselineB = await signCadesBaselineB({
    digest: createHash('sha256').update(documentBytes).digest(),
    hash: 'sha256',
    signer: nodeSigner(pki.signer.keyPem, scheme),
    signerCertificate: pki.signer.certDer,
    certificates: [pki.issuing.certDer],
    signingTime: new Date(genTime.getTime() - 1000),
  });
  const baselineT = await addSignatureTimestamp(baselineB, testTsa(pki, scheme, genTime));
  return addValidationData(baselineT, data);
}

const deps = (now: Date) => ({
  clock: { now: () => now },
  trusted: { anchors: () => [pki.root.certDer], intermediates: () => [] },
  revocation: { currentCrls: async () => [] },
});

function verifyCms(signature: Uint8Array, now = new Date()): Promise<VerificationReport> {
  return verify(deps(now), { signature, document: documentFromBytes(documentBytes) });
}

function verifyPdf(pdf: Uint8Array, now = new Date()): Promise<VerificationReport> {
  return verify(deps(now), { document: { ...documentFromBytes(pdf), content: pdf, pdf: true } });
}

const revocationCheck = (report: VerificationReport) =>
  report.signatures[0]?.checks.find((c) => c.id === 'revocation');

/** A time-stamp before the responses: a "good" issued after it covers it. */
const beforeResponses = () => t0;

describe('the OCSP fixtures, as OpenSSL reads them', () => {
  it('has OpenSSL verify the good response and read the signer as good', () => {
    for (const name of ['good', 'goodNoCerts', 'byIssuer', 'oneHour']) {
      const verdict = opensslOcspVerdict(pki, fixtures[name] ?? Buffer.alloc(0));
      expect(verdict).toMatch(/Response verify OK/);
      expect(verdict).toMatch(/\.pem: good/);
    }
  });

  it('reads the revoked response as revoked for keyCompromise', () => {
    const text = opensslOcspText(pki, fixtures.revoked);
    expect(text).toMatch(/Cert Status: revoked/);
    expect(text).toMatch(/Revocation Reason: keyCompromise/);
  });

  it('reads the responses about another serial, with a nextUpdate and without certs', () => {
    expect(opensslOcspVerdict(pki, fixtures.otherSerial)).toMatch(/No Status found/);
    expect(opensslOcspText(pki, fixtures.oneMinute)).toMatch(/Next Update:/);
    expect(opensslOcspText(pki, fixtures.good)).not.toMatch(/Next Update:/);
    expect(opensslOcspText(pki, fixtures.goodNoCerts)).not.toMatch(/BEGIN CERTIFICATE/);
  });

  it('refuses the changed signature and the unrelated responder', () => {
    expect(opensslOcspVerdict(pki, fixtures.tampered)).toMatch(/Response Verify Failure/);
    expect(opensslOcspVerdict(pki, fixtures.unrelated)).toMatch(/Response Verify Failure/);
  });
});

describe('verify() on a CAdES signature whose only revocation data is an OCSP response', () => {
  it('reports TOTAL_PASSED for a good response from the delegated responder', async () => {
    const report = await verifyCms(
      await cades(beforeResponses(), { ocspResponses: [fixtures.good ?? Buffer.alloc(0)] }),
    );
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(revocationCheck(report)?.status).toBe('passed');
    expect(revocationCheck(report)?.message).toMatch(
      /according to an OCSP response from "[^"]*CN=Test OCSP[^"]*" produced at \d{4}-/,
    );
  });

  it('finds the responder certificate in the signature when the response has none', async () => {
    const signature = await cades(beforeResponses(), {
      ocspResponses: [fixtures.goodNoCerts ?? Buffer.alloc(0)],
      certificates: [pki.ocsp.certDer],
    });
    expect((await verifyCms(signature)).indication).toBe('TOTAL_PASSED');
  });

  it('accepts a response signed by the issuing CA itself', async () => {
    const report = await verifyCms(
      await cades(beforeResponses(), { ocspResponses: [fixtures.byIssuer ?? Buffer.alloc(0)] }),
    );
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(revocationCheck(report)?.message).toMatch(/OCSP response from "[^"]*Test Issuing CA/);
  });

  it('says so when the delegated responder has no id-pkix-ocsp-nocheck', async () => {
    const report = await verifyCms(
      await cades(beforeResponses(), { ocspResponses: [fixtures.unchecked ?? Buffer.alloc(0)] }),
    );
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(revocationCheck(report)?.message).toMatch(
      /OCSP checked.*no id-pkix-ocsp-nocheck.*its own revocation was not checked\)\.$/,
    );
  });

  describe('when the response says revoked', () => {
    it('reports TOTAL_FAILED/REVOKED for a time-stamp after the revocation', async () => {
      const stamped = new Date(Date.now() + MINUTE);
      const signature = await cades(stamped, {
        ocspResponses: [fixtures.revoked ?? Buffer.alloc(0)],
      });
      const report = await verifyCms(signature, new Date(stamped.getTime() + MINUTE));
      expect(report.indication).toBe('TOTAL_FAILED');
      expect(report.subIndication).toBe('REVOKED');
      expect(revocationCheck(report)?.message).toMatch(/keyCompromise.*according to an OCSP/);
    });

    it('keeps the signature time-stamped before the revocation', async () => {
      const signature = await cades(beforeResponses(), {
        ocspResponses: [fixtures.revoked ?? Buffer.alloc(0)],
      });
      const report = await verifyCms(signature);
      expect(revocationCheck(report)?.status).toBe('warning');
      expect(report.indication).toBe('TOTAL_PASSED');
    });

    it('lets the revocation outweigh a CRL that does not list it', async () => {
      const stamped = new Date(Date.now() + MINUTE);
      const signature = await cades(stamped, {
        ocspResponses: [fixtures.revoked ?? Buffer.alloc(0)],
        crls: [makeRevocationData(pki).crlDer],
      });
      const report = await verifyCms(signature, new Date(stamped.getTime() + MINUTE));
      expect(report.subIndication).toBe('REVOKED');
      expect(revocationCheck(report)?.message).toMatch(/the CRL of .* a revocation outweighs it/);
    });
  });

  describe.each([
    ['about another serial', 'otherSerial', /No accepted OCSP response/],
    ['signed by an unrelated responder', 'unrelated', /not accepted: its signer .* is neither/],
    ['with one byte of its signature changed', 'tampered', /not accepted: its signature does not/],
  ])('with a response %s', (_, name, why) => {
    it('leaves the status unknown: INDETERMINATE/TRY_LATER', async () => {
      const signature = await cades(beforeResponses(), {
        ocspResponses: [fixtures[name] ?? Buffer.alloc(0)],
        certificates: [pki.ocsp.certDer],
      });
      const report = await verifyCms(signature);
      expect(report.indication).toBe('INDETERMINATE');
      expect(report.subIndication).toBe('TRY_LATER');
      expect(revocationCheck(report)?.message).toMatch(why);
    });
  });

  describe('when the time of interest is after the response', () => {
    const stamped = () => new Date(t0.getTime() + 10 * MINUTE);
    const later = () => new Date(t0.getTime() + 11 * MINUTE);

    it('is not fresh when its nextUpdate is before the time-stamp: TRY_LATER', async () => {
      const signature = await cades(stamped(), {
        ocspResponses: [fixtures.oneMinute ?? Buffer.alloc(0)],
      });
      const report = await verifyCms(signature, later());
      expect(report.subIndication).toBe('TRY_LATER');
      expect(revocationCheck(report)?.message).toMatch(/no longer current/);
    });

    it('is fresh when its nextUpdate is after the time-stamp', async () => {
      const signature = await cades(stamped(), {
        ocspResponses: [fixtures.oneHour ?? Buffer.alloc(0)],
      });
      expect((await verifyCms(signature, later())).indication).toBe('TOTAL_PASSED');
    });
  });
});

describe('verify() on a PDF whose DSS holds only an OCSP response', () => {
  async function signedPdf(genTime: Date, response: Uint8Array): Promise<Uint8Array> {
    const pdf = await signPdf(await inputPdf('hand, minimal', pki.dir), pki, {
      signingTime: new Date(genTime.getTime() - 1000),
      timestamp: testTsa(pki, scheme, genTime),
    });
    return addDocumentSecurityStore(pdf, {
      certificates: [pki.signer.certDer, pki.issuing.certDer, pki.tsa.certDer],
      ocspResponses: [response],
    });
  }

  it('reports a good response TOTAL_PASSED (PAdES-BASELINE-LT)', async () => {
    const report = await verifyPdf(
      await signedPdf(beforeResponses(), fixtures.good ?? Buffer.alloc(0)),
    );
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signatures[0]?.format).toBe('PAdES-BASELINE-LT');
    expect(revocationCheck(report)?.message).toMatch(/according to an OCSP response/);
  });

  it('reports a revocation before the time-stamp TOTAL_FAILED/REVOKED', async () => {
    const stamped = new Date(Date.now() + MINUTE);
    const pdf = await signedPdf(stamped, fixtures.revoked ?? Buffer.alloc(0));
    const report = await verifyPdf(pdf, new Date(stamped.getTime() + MINUTE));
    expect(report.indication).toBe('TOTAL_FAILED');
    expect(report.subIndication).toBe('REVOKED');
  });
});

import { createHash } from 'node:crypto';
import { addDocumentSecurityStore, readPdfSignatures } from '../../../src/core/pades';
import { decodeStream } from '../../../src/core/pades/pdf/filters';
import { PdfDocument } from '../../../src/core/pades/pdf/document';
import { PdfDict, PdfStream } from '../../../src/core/pades/pdf/objects';
import { testTsa } from '../../helpers/cms-interop';
import type { TestPki } from '../../helpers/openssl';
import { makeRevocationData, type RevocationData } from '../../helpers/openssl-revocation';
import {
  INPUT_KINDS,
  count,
  inputPdf,
  makePdfSigningPki,
  nssDbTrusting,
  pdfsig,
  signPdf,
} from './helpers';

let pki: TestPki;
let audit: TestPki;
let nssDb: string;
let revocation: RevocationData;
beforeAll(() => {
  ({ pki, second: audit } = makePdfSigningPki());
  nssDb = nssDbTrusting(pki);
  revocation = makeRevocationData(pki);
});

function validationData(p: TestPki) {
  return {
    certificates: [p.signer.certDer, p.issuing.certDer, p.root.certDer, p.tsa.certDer],
    crls: [revocation.crlDer],
    ocspResponses: [revocation.ocspResponseDer],
  };
}

/** The decoded streams of one DSS array (ETSI EN 319 142-1 5.4.2.2). */
function dssArray(pdf: Uint8Array, key: string): Buffer[] {
  const doc = PdfDocument.open(pdf);
  const dss = doc.dict(doc.catalog().dict.get('DSS'));
  const items = doc.resolve(dss?.get(key));
  return (Array.isArray(items) ? items : []).map((ref) => {
    const stream = doc.resolve(ref);
    if (!(stream instanceof PdfStream)) throw new Error(`${key} holds a non-stream`);
    return Buffer.from(decodeStream(stream));
  });
}

describe('addDocumentSecurityStore (PAdES B-LT, ETSI EN 319 142-1 5.4.2)', () => {
  describe.each(INPUT_KINDS)('after a B-T signature on a PDF made by %s', (kind) => {
    let signed: Uint8Array;
    let withDss: Uint8Array;
    beforeAll(async () => {
      signed = await signPdf(await inputPdf(kind, pki.dir), pki, {
        timestamp: testTsa(pki, { keyType: 'ec', hash: 'sha256' }),
      });
      withDss = addDocumentSecurityStore(signed, { ...validationData(pki), vri: true });
    });

    it('appends the DSS and keeps the signature valid and trusted for pdfsig', () => {
      expect(Buffer.from(withDss.subarray(0, signed.length)).equals(Buffer.from(signed))).toBe(
        true,
      );
      const report = pdfsig(nssDb, withDss);
      expect(report).toContain('Signature is Valid.');
      expect(report).toContain('Certificate is Trusted.');
    });

    it('stores the certificates, CRLs and OCSP responses as streams', () => {
      const data = validationData(pki);
      expect(dssArray(withDss, 'Certs')).toEqual(data.certificates.map((c) => Buffer.from(c)));
      expect(dssArray(withDss, 'CRLs')).toEqual([revocation.crlDer]);
      expect(dssArray(withDss, 'OCSPs')).toEqual([revocation.ocspResponseDer]);
    });

    it('adds a VRI entry keyed by the SHA-1 of the signature (ETSI EN 319 142-1 5.4.2.3)', () => {
      const [signature] = readPdfSignatures(withDss).signatures;
      const key = createHash('sha1')
        .update(signature?.contents ?? new Uint8Array())
        .digest('hex')
        .toUpperCase();
      const doc = PdfDocument.open(withDss);
      const vri = doc.dict(doc.dict(doc.catalog().dict.get('DSS'))?.get('VRI'));
      const entry = doc.dict(vri?.get(key));
      expect(entry).toBeInstanceOf(PdfDict);
      for (const k of ['Cert', 'CRL', 'OCSP'])
        expect(entry?.get(k)).toHaveLength(k === 'Cert' ? 4 : 1);
    });

    it('is reported as an allowed change after the signature', () => {
      const [signature] = readPdfSignatures(withDss).signatures;
      expect(signature?.coversWholeRevision).toBe(true);
      expect(signature?.revisionEnd).toBe(signed.length);
      const changes = signature?.changesAfter ?? [];
      expect(changes.filter((c) => !c.allowed)).toEqual([]);
      expect(changes.map((c) => c.kind)).toContain('dss');
    });
  });

  describe('when a DSS already exists', () => {
    it('extends it, never storing the same data twice, and a later signature stays valid', async () => {
      const signed = await signPdf(await inputPdf('pdf-lib, cross-reference stream', pki.dir), pki);
      const first = addDocumentSecurityStore(signed, {
        certificates: [pki.signer.certDer, pki.issuing.certDer],
      });
      const countersigned = await signPdf(first, audit);
      const second = addDocumentSecurityStore(countersigned, {
        certificates: [pki.issuing.certDer, audit.signer.certDer],
        ocspResponses: [revocation.ocspResponseDer],
      });
      expect(dssArray(second, 'Certs')).toEqual(
        [pki.signer.certDer, pki.issuing.certDer, audit.signer.certDer].map((c) => Buffer.from(c)),
      );
      expect(dssArray(second, 'OCSPs')).toEqual([revocation.ocspResponseDer]);
      expect(addDocumentSecurityStore(second, { certificates: [pki.root.certDer] })).not.toBe(
        second,
      );
      expect(addDocumentSecurityStore(second, { certificates: [pki.issuing.certDer] })).toBe(
        second,
      );
      expect(count(pdfsig(nssDb, second), 'Signature is Valid.')).toBe(2);
      const { signatures, changesAfter } = readPdfSignatures(second);
      expect(signatures.map((s) => s.coversWholeRevision)).toEqual([true, true]);
      expect(changesAfter.filter((c) => !c.allowed)).toEqual([]);
    });
  });
});

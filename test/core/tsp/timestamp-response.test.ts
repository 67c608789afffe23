import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { PKIStatus, PKIStatusInfo } from '@peculiar/asn1-tsp';
import { Certificate, Name } from '@peculiar/asn1-x509';
import { TimeStampResp } from '../../../src/core/asn1/tsp';
import { createHash } from 'node:crypto';
import { signCadesBaselineB } from '../../../src/core/cms';
import { toDer } from '../../../src/core/encoding';
import { FormatError } from '../../../src/core/errors';
import {
  parseTimeStampRequest,
  parseTimeStampResponse,
  parseTimeStampToken,
  PKI_FAILURE_INFO_BITS,
  rejectionResponse,
  TspError,
  type PkiFailureInfoName,
} from '../../../src/core/tsp';
import { writeTemp } from '../../helpers/cms-interop';
import { nodeSigner } from '../../helpers/node-signer';
import { makeOpensslPki, mustOpenssl, openssl, type TestPki } from '../../helpers/openssl';

const documentBytes = new TextEncoder().encode('Procurement result notice.\n');

/** What `openssl ts -reply -text` prints for each PKIFailureInfo bit (crypto/ts/ts_rsp_print.c). */
const OPENSSL_FAILURE_TEXT: Record<PkiFailureInfoName, string> = {
  badAlg: 'unrecognized or unsupported algorithm identifier',
  badRequest: 'transaction not permitted or supported',
  badDataFormat: 'the data submitted has the wrong format',
  timeNotAvailable: "the TSA's time source is not available",
  unacceptedPolicy: 'the requested TSA policy is not supported by the TSA',
  unacceptedExtension: 'the requested extension is not supported by the TSA',
  addInfoNotAvailable:
    'the additional information requested could not be understood or is not available',
  systemFailure: 'the request cannot be handled due to system failure',
};

describe('time-stamp responses', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = makeOpensslPki('ec');
  });

  function replyText(response: Uint8Array): string {
    return mustOpenssl(['ts', '-reply', '-in', writeTemp(pki, 'r.tsr', response), '-text']);
  }

  function query(args: string[]): { path: string; der: Uint8Array } {
    const path = writeTemp(pki, 'q.tsq', '');
    mustOpenssl([
      'ts',
      '-query',
      '-data',
      writeTemp(pki, 'doc', documentBytes),
      ...args,
      '-out',
      path,
    ]);
    return { path, der: readFileSync(path) };
  }

  /** What a TSA answers to a request it refuses: the error's PKIFailureInfo and message. */
  function refusal(der: Uint8Array): Uint8Array {
    try {
      parseTimeStampRequest(der);
    } catch (error) {
      if (error instanceof TspError && error.failInfo) {
        return rejectionResponse(error.failInfo, error.message);
      }
      throw error;
    }
    throw new Error('The request was accepted.');
  }

  describe('rejectionResponse', () => {
    it('answers an MD5 query with a rejection openssl reads as an unsupported algorithm', () => {
      const text = replyText(refusal(query(['-md5']).der));
      expect(text).toContain('Status: Rejected.');
      expect(text).toContain(OPENSSL_FAILURE_TEXT.badAlg);
      expect(text).not.toContain(OPENSSL_FAILURE_TEXT.badDataFormat);
      expect(text).toMatch(/Status description: The hash algorithm 1\.2\.840\.113549\.2\.5/);
    });

    it('answers garbage with a rejection openssl reads as data of the wrong format', () => {
      const text = replyText(refusal(new TextEncoder().encode('garbage')));
      expect(text).toContain('Status: Rejected.');
      expect(text).toContain(OPENSSL_FAILURE_TEXT.badDataFormat);
      expect(text).not.toContain(OPENSSL_FAILURE_TEXT.badAlg);
    });

    it('is not something openssl ts -verify accepts', () => {
      const q = query(['-md5']);
      const result = openssl([
        'ts',
        '-verify',
        '-in',
        writeTemp(pki, 'r.tsr', refusal(q.der)),
        '-queryfile',
        q.path,
        '-CAfile',
        pki.root.certPath,
      ]);
      expect(result.status).not.toBe(0);
    });

    // The bit numbers of RFC 3161, not @peculiar/asn1-tsp's shifted flags.
    it.each(Object.keys(PKI_FAILURE_INFO_BITS) as PkiFailureInfoName[])(
      'writes %s on the bit openssl reads as that failure',
      (name) => {
        const text = replyText(rejectionResponse(name));
        const failureInfo = text
          .split('Failure info:')[1]
          ?.split('\n')
          .map((l) => l.trim());
        expect(failureInfo?.filter((l) => l !== '')[0]).toBe(OPENSSL_FAILURE_TEXT[name]);
      },
    );
  });

  describe('parseTimeStampResponse and parseTimeStampToken', () => {
    it('read a granted response from openssl ts -reply, OpenSSL being the TSA', () => {
      const q = query(['-sha384', '-cert']);
      const dir = pki.dir;
      writeFileSync(join(dir, 'tsaserial'), '0A\n');
      writeFileSync(
        join(dir, 'tsa.cnf'),
        [
          '[tsa]',
          'default_tsa = tsa_config1',
          '[tsa_config1]',
          `serial = ${join(dir, 'tsaserial')}`,
          `signer_cert = ${pki.tsa.certPath}`,
          `signer_key = ${pki.tsa.keyPath}`,
          'signer_digest = sha256',
          'default_policy = 1.2.3.4.1',
          'digests = sha256, sha384, sha512',
          'accuracy = secs:1, millisecs:500, microsecs:100',
          'ordering = yes',
          'tsa_name = yes',
          'ess_cert_id_alg = sha256',
          '',
        ].join('\n'),
      );
      const out = writeTemp(pki, 'openssl.tsr', '');
      mustOpenssl([
        'ts',
        '-reply',
        '-config',
        join(dir, 'tsa.cnf'),
        '-queryfile',
        q.path,
        '-out',
        out,
      ]);
      const response = parseTimeStampResponse(readFileSync(out));
      expect(response.status).toBe(PKIStatus.granted);
      const { tstInfo, signedData } = parseTimeStampToken(response.token ?? new Uint8Array(0));
      const request = parseTimeStampRequest(q.der);
      expect(tstInfo).toMatchObject({
        policy: '1.2.3.4.1',
        hash: 'sha384',
        messageImprint: request.messageImprint,
        nonce: request.nonce,
        serialNumber: new Uint8Array([0x0b]), // openssl ts increments the serial file's 0A first
        ordering: true,
        accuracy: { seconds: 1, millis: 500, micros: 100 },
      });
      // tsa_name = yes: the TSA's subject, as a directoryName (RFC 3161 2.4.2).
      const tsaCertificate = AsnConvert.parse(pki.tsa.certDer, Certificate);
      expect(Buffer.from(AsnConvert.serialize(tstInfo.tsa?.directoryName ?? new Name()))).toEqual(
        Buffer.from(AsnConvert.serialize(tsaCertificate.tbsCertificate.subject)),
      );
      expect(signedData.certificates.map((c) => Buffer.from(c))).toContainEqual(pki.tsa.certDer);
      // ess_cert_id_alg = sha256: ESSCertIDv2 with the SHA-256 of the TSA certificate (RFC 5035 4).
      const essCertId = signedData.signerInfos[0]?.signingCertificateV2?.certs[0];
      expect(Buffer.from(essCertId?.certHash.buffer ?? new ArrayBuffer(0))).toEqual(
        createHash('sha256').update(pki.tsa.certDer).digest(),
      );
    });

    it('read a rejection: status, text and failure info', () => {
      expect(parseTimeStampResponse(rejectionResponse('unacceptedPolicy', 'No.'))).toEqual({
        status: PKIStatus.rejection,
        statusText: ['No.'],
        failInfo: ['unacceptedPolicy'],
        token: undefined,
      });
    });

    it('give a FormatError for garbage', () => {
      expect(() => parseTimeStampResponse(new Uint8Array([0x30, 0x03, 0x02, 0x01]))).toThrow(
        expect.objectContaining({ constructor: FormatError, code: 'MALFORMED_DER' }),
      );
      expect(() => parseTimeStampToken(new TextEncoder().encode('token'))).toThrow(
        expect.objectContaining({ constructor: FormatError, code: 'MALFORMED_DER' }),
      );
    });

    it('give INVALID_RESPONSE for a granted response without a token', () => {
      const empty = toDer(
        new TimeStampResp({ status: new PKIStatusInfo({ status: PKIStatus.granted }) }),
      );
      expect(() => parseTimeStampResponse(empty)).toThrow(
        expect.objectContaining({ constructor: TspError, code: 'INVALID_RESPONSE' }),
      );
    });

    it('give INVALID_TOKEN for a signature that is not a time-stamp token', async () => {
      const cades = await signCadesBaselineB({
        digest: createHash('sha256').update(documentBytes).digest(),
        hash: 'sha256',
        signer: nodeSigner(pki.signer.keyPem, { keyType: 'ec', hash: 'sha256' }),
        signerCertificate: pki.signer.certDer,
        certificates: [],
      });
      expect(() => parseTimeStampToken(cades)).toThrow(
        expect.objectContaining({ constructor: TspError, code: 'INVALID_TOKEN' }),
      );
    });
  });
});

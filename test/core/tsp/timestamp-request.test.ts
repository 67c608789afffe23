import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { OctetString } from '@peculiar/asn1-schema';
import { MessageImprint, TimeStampReq, type TimeStampReqVersion } from '@peculiar/asn1-tsp';
import { AlgorithmIdentifier, Extension, Extensions } from '@peculiar/asn1-x509';
import { toDer } from '../../../src/core/encoding';
import { OID_SHA256, OID_SIGNET_TSA_POLICY } from '../../../src/core/oid';
import { parseTimeStampRequest, TspError } from '../../../src/core/tsp';
import { writeTemp } from '../../helpers/cms-interop';
import { makeOpensslPki, mustOpenssl, type TestPki } from '../../helpers/openssl';

const documentBytes = new TextEncoder().encode('Tender notice 2025/031.\n');

describe('parseTimeStampRequest', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = makeOpensslPki('ec');
  });

  /** `openssl ts -query` over the document with the given options, as DER. */
  function opensslQuery(args: string[]): Uint8Array {
    const out = writeTemp(pki, 'q.tsq', '');
    mustOpenssl([
      'ts',
      '-query',
      '-data',
      writeTemp(pki, 'doc', documentBytes),
      ...args,
      '-out',
      out,
    ]);
    return readFileSync(out);
  }

  /** A TimeStampReq for the document's SHA-256, changed by `params`. */
  function request(params: Partial<TimeStampReq>): Uint8Array {
    return toDer(
      new TimeStampReq({
        messageImprint: new MessageImprint({
          hashAlgorithm: new AlgorithmIdentifier({ algorithm: OID_SHA256, parameters: null }),
          hashedMessage: new OctetString(createHash('sha256').update(documentBytes).digest()),
        }),
        ...params,
      }),
    );
  }

  function rejection(der: Uint8Array): TspError {
    try {
      parseTimeStampRequest(der);
    } catch (error) {
      if (error instanceof TspError) return error;
      throw error;
    }
    throw new Error('The request was accepted.');
  }

  describe('with openssl ts -query -sha256 -cert', () => {
    it('reads the hash, the imprint, the nonce and certReq', () => {
      const der = opensslQuery(['-sha256', '-cert']);
      const printed = mustOpenssl(['ts', '-query', '-in', writeTemp(pki, 'q.tsq', der), '-text']);
      const nonceHex = /Nonce: 0x([0-9A-F]+)/.exec(printed)?.[1] ?? '';
      const parsed = parseTimeStampRequest(der);
      expect(parsed.hash).toBe('sha256');
      expect(Buffer.from(parsed.messageImprint)).toEqual(
        createHash('sha256').update(documentBytes).digest(),
      );
      expect(parsed.certReq).toBe(true);
      expect(BigInt(`0x${Buffer.from(parsed.nonce ?? []).toString('hex')}`)).toBe(
        BigInt(`0x${nonceHex}`),
      );
      expect(parsed.reqPolicy).toBeUndefined();
      expect(parsed.hashAlgorithm.parameters).toBeNull();
    });
  });

  describe('with openssl ts -query -sha512 -no_nonce and no -cert', () => {
    it('reads SHA-512, no nonce and certReq false', () => {
      const parsed = parseTimeStampRequest(opensslQuery(['-sha512', '-no_nonce']));
      expect(parsed).toMatchObject({ hash: 'sha512', certReq: false, nonce: undefined });
      expect(parsed.messageImprint).toHaveLength(64);
    });
  });

  describe("with Signet's policy asked for (-tspolicy)", () => {
    it('accepts it and reports it', () => {
      const der = opensslQuery(['-sha256', '-tspolicy', OID_SIGNET_TSA_POLICY]);
      expect(parseTimeStampRequest(der).reqPolicy).toBe(OID_SIGNET_TSA_POLICY);
    });
  });

  describe('refusals, each with the PKIFailureInfo of RFC 3161 2.4.2', () => {
    it.each([
      ['an MD5 imprint (openssl -md5)', ['-md5'], 'BAD_ALG', 'badAlg'],
      ['a SHA-1 imprint (openssl -sha1)', ['-sha1'], 'BAD_ALG', 'badAlg'],
      [
        'a foreign policy (openssl -tspolicy 1.2.3.4)',
        ['-sha256', '-tspolicy', '1.2.3.4'],
        'UNACCEPTED_POLICY',
        'unacceptedPolicy',
      ],
    ])('refuses %s', (_name, args, code, failInfo) => {
      expect(rejection(opensslQuery(args))).toMatchObject({ code, failInfo });
    });

    it.each<[string, () => Uint8Array, string, string]>([
      [
        'garbage',
        () => new TextEncoder().encode('not a request'),
        'BAD_DATA_FORMAT',
        'badDataFormat',
      ],
      ['no bytes', () => new Uint8Array(0), 'BAD_DATA_FORMAT', 'badDataFormat'],
      [
        'a truncated request',
        () => opensslQuery(['-sha256']).subarray(0, 30),
        'BAD_DATA_FORMAT',
        'badDataFormat',
      ],
      [
        'a SHA-256 imprint of 20 octets',
        () =>
          request({
            messageImprint: new MessageImprint({
              hashAlgorithm: new AlgorithmIdentifier({ algorithm: OID_SHA256 }),
              hashedMessage: new OctetString(new Uint8Array(20)),
            }),
          }),
        'BAD_DATA_FORMAT',
        'badDataFormat',
      ],
      [
        'hash parameters other than NULL',
        () =>
          request({
            messageImprint: new MessageImprint({
              hashAlgorithm: new AlgorithmIdentifier({
                algorithm: OID_SHA256,
                parameters: new Uint8Array([0x02, 0x01, 0x01]).buffer,
              }),
              hashedMessage: new OctetString(new Uint8Array(32)),
            }),
          }),
        'BAD_ALG',
        'badAlg',
      ],
      [
        'version 2',
        () => request({ version: 2 as TimeStampReqVersion }),
        'BAD_REQUEST',
        'badRequest',
      ],
      [
        'an extension',
        () =>
          request({
            extensions: new Extensions([
              new Extension({
                extnID: '1.2.3.4',
                critical: false,
                extnValue: new OctetString(new Uint8Array([5, 0])),
              }),
            ]),
          }),
        'UNACCEPTED_EXTENSION',
        'unacceptedExtension',
      ],
    ])('refuses %s', (_name, bytes, code, failInfo) => {
      expect(rejection(bytes())).toMatchObject({ code, failInfo });
    });
  });
});

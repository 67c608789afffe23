import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { HashName, SignatureScheme } from '../../../src/core/algorithms';
import { OID_SIGNET_TSA_POLICY } from '../../../src/core/oid';
import {
  createTimeStampToken,
  grantedResponse,
  parseTimeStampRequest,
  parseTimeStampToken,
  type TimeStampTokenInput,
} from '../../../src/core/tsp';
import { tsaUntrusted, writeTemp } from '../../helpers/cms-interop';
import { nodeSigner } from '../../helpers/node-signer';
import { makeOpensslPki, mustOpenssl, openssl, type TestPki } from '../../helpers/openssl';

const documentBytes = new TextEncoder().encode('Minutes of the 12th standing meeting.\n');

/** A TSA made of core functions: parse the query, make the token, wrap it in a response. */
async function answer(
  pki: TestPki,
  scheme: SignatureScheme,
  queryDer: Uint8Array,
  overrides: Partial<TimeStampTokenInput> = {},
): Promise<Uint8Array> {
  const request = parseTimeStampRequest(queryDer);
  const token = await createTimeStampToken({
    ...request,
    serialNumber: new Uint8Array([0x8f, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07]),
    genTime: new Date('2025-03-01T10:00:01.250Z'),
    accuracy: { seconds: 1, millis: 500 },
    policy: OID_SIGNET_TSA_POLICY,
    signer: nodeSigner(pki.tsa.keyPem, scheme),
    tsaCertificate: pki.tsa.certDer,
    includeCertificate: request.certReq,
    ...overrides,
  });
  return grantedResponse(token);
}

describe('a TSA built from createTimeStampToken and grantedResponse', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = makeOpensslPki('ec');
  });

  function query(hash: HashName, extra: string[] = ['-cert']): { path: string; der: Uint8Array } {
    const path = writeTemp(pki, 'q.tsq', '');
    mustOpenssl([
      'ts',
      '-query',
      '-data',
      writeTemp(pki, 'doc', documentBytes),
      `-${hash}`,
      ...extra,
      '-out',
      path,
    ]);
    return { path, der: readFileSync(path) };
  }

  function tsVerify(p: TestPki, responseDer: Uint8Array, queryPath: string, untrusted = true) {
    return openssl([
      'ts',
      '-verify',
      '-in',
      writeTemp(p, 'r.tsr', responseDer),
      '-queryfile',
      queryPath,
      '-CAfile',
      p.root.certPath,
      ...(untrusted ? ['-untrusted', tsaUntrusted(p)] : []),
    ]);
  }

  function replyText(responseDer: Uint8Array): string {
    return mustOpenssl(['ts', '-reply', '-in', writeTemp(pki, 'r.tsr', responseDer), '-text']);
  }

  describe.each(['sha256', 'sha512'] as const)('for openssl ts -query -%s -cert', (hash) => {
    let q: { path: string; der: Uint8Array };
    let response: Uint8Array;
    beforeAll(async () => {
      q = query(hash);
      response = await answer(pki, { keyType: 'ec', hash: 'sha256' }, q.der);
    });

    it('answers what openssl ts -verify -queryfile accepts', () => {
      const result = tsVerify(pki, response, q.path);
      expect(result.stdout).toContain('Verification: OK');
      expect(result.status).toBe(0);
    });

    it('answers what openssl ts -verify rejects once a byte of the response changes', () => {
      const changed = new Uint8Array(response);
      const index = changed.length - 20; // inside the signature value
      changed[index] = (changed[index] ?? 0) ^ 0x01;
      expect(tsVerify(pki, changed, q.path).status).not.toBe(0);
    });

    it("answers what openssl ts -verify rejects for another document's query", () => {
      const other = writeTemp(pki, 'other.tsq', '');
      mustOpenssl([
        'ts',
        '-query',
        '-data',
        writeTemp(pki, 'other', 'other'),
        `-${hash}`,
        '-out',
        other,
      ]);
      expect(tsVerify(pki, response, other).status).not.toBe(0);
    });
  });

  describe('the nonce', () => {
    it('is echoed: openssl ts -reply -text shows the nonce of the query', async () => {
      const q = query('sha256');
      const queryNonce = /Nonce: (0x[0-9A-F]+)/.exec(
        mustOpenssl(['ts', '-query', '-in', q.path, '-text']),
      )?.[1];
      const text = replyText(await answer(pki, { keyType: 'ec', hash: 'sha256' }, q.der));
      const parsedNonce = parseTimeStampRequest(q.der).nonce ?? new Uint8Array(0);
      expect(BigInt(queryNonce ?? '-1')).toBe(
        BigInt(`0x${Buffer.from(parsedNonce).toString('hex')}`),
      );
      expect(text).toContain(`Nonce: ${queryNonce}`);
    });

    it('fails openssl ts -verify -queryfile when the token carries another one', async () => {
      const q = query('sha256');
      const response = await answer(pki, { keyType: 'ec', hash: 'sha256' }, q.der, {
        nonce: new Uint8Array([0x01, 0x02]),
      });
      const result = tsVerify(pki, response, q.path);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/nonce mismatch/i);
    });
  });

  describe('genTime (RFC 3161 2.4.2: GeneralizedTime, DER)', () => {
    async function genTimeOf(genTime: Date): Promise<string> {
      const q = query('sha256');
      const response = await answer(pki, { keyType: 'ec', hash: 'sha256' }, q.der, { genTime });
      const token = writeTemp(pki, 'token.der', '');
      mustOpenssl([
        'ts',
        '-reply',
        '-in',
        writeTemp(pki, 'r.tsr', response),
        '-token_out',
        '-out',
        token,
      ]);
      const tstInfo = parseTimeStampToken(readFileSync(token)).tstInfoDer;
      const dump = mustOpenssl([
        'asn1parse',
        '-inform',
        'DER',
        '-in',
        writeTemp(pki, 'tst.der', tstInfo),
      ]);
      return /GENERALIZEDTIME\s+:(\S+)/.exec(dump)?.[1] ?? '';
    }

    it('keeps the fraction of a second without trailing zeros', async () => {
      expect(await genTimeOf(new Date('2025-03-01T10:00:01.250Z'))).toBe('20250301100001.25Z');
    });

    it('has no fraction at all on a whole second', async () => {
      expect(await genTimeOf(new Date('2025-03-01T10:00:01.000Z'))).toBe('20250301100001Z');
    });
  });

  describe('the encapsulated TSTInfo', () => {
    it('is a primitive OCTET STRING (DER), as openssl asn1parse shows', async () => {
      const q = query('sha256');
      const response = await answer(pki, { keyType: 'ec', hash: 'sha256' }, q.der);
      const token = writeTemp(pki, 'token.der', '');
      mustOpenssl([
        'ts',
        '-reply',
        '-in',
        writeTemp(pki, 'r.tsr', response),
        '-token_out',
        '-out',
        token,
      ]);
      const lines = mustOpenssl(['asn1parse', '-inform', 'DER', '-in', token]).split('\n');
      const contentType = lines.findIndex((l) => l.includes(':id-smime-ct-TSTInfo'));
      expect(contentType).toBeGreaterThan(0);
      expect(lines[contentType + 1]).toMatch(/cons: cont \[ 0 \]/);
      expect(lines[contentType + 2]).toMatch(/prim: OCTET STRING/);
    });
  });

  describe('certReq (RFC 3161 2.4.1)', () => {
    it('without it, the token has no certificate and openssl ts -verify needs -untrusted', async () => {
      const q = query('sha256', []);
      const response = await answer(pki, { keyType: 'ec', hash: 'sha256' }, q.der);
      expect(tsVerify(pki, response, q.path, false).status).not.toBe(0);
      expect(tsVerify(pki, response, q.path, true).status).toBe(0);
    });
  });

  describe('the TSTInfo fields', () => {
    it('shows policy, serial, accuracy and TSA name to openssl ts -reply -text', async () => {
      const q = query('sha256');
      const named = replyText(
        await answer(pki, { keyType: 'ec', hash: 'sha256' }, q.der, { includeTsaName: true }),
      );
      expect(named).toContain(`Policy OID: ${OID_SIGNET_TSA_POLICY}`);
      expect(named).toContain('Serial number: 0x8F01020304050607');
      expect(named).toMatch(/Accuracy: 0x01 seconds, 0x01F4 millis, unspecified micros/);
      expect(named).toContain('TSA: DirName:/C=CN/O=Test/CN=Test TSA');
      const unnamed = replyText(await answer(pki, { keyType: 'ec', hash: 'sha256' }, q.der));
      expect(unnamed).toContain('TSA: unspecified');
    });
  });

  describe('the signing-time attribute', () => {
    it('is there only when asked for, and the token still verifies', async () => {
      const q = query('sha256');
      const signingTime = new Date('2025-03-01T10:00:01Z');
      const response = await answer(pki, { keyType: 'ec', hash: 'sha256' }, q.der, { signingTime });
      const token = writeTemp(pki, 'token.der', '');
      mustOpenssl([
        'ts',
        '-reply',
        '-in',
        writeTemp(pki, 'r.tsr', response),
        '-token_out',
        '-out',
        token,
      ]);
      const signerInfo = parseTimeStampToken(readFileSync(token)).signedData.signerInfos[0];
      expect(signerInfo?.signingTime).toEqual(signingTime);
      expect(signerInfo?.signingCertificateV2?.certs).toHaveLength(1);
      expect(tsVerify(pki, response, q.path).status).toBe(0);
    });
  });

  describe('with RSA TSA keys', () => {
    let rsaPki: TestPki;
    let q: string;
    beforeAll(() => {
      rsaPki = makeOpensslPki('rsa');
      q = writeTemp(rsaPki, 'q.tsq', '');
      const doc = writeTemp(rsaPki, 'doc', documentBytes);
      mustOpenssl(['ts', '-query', '-data', doc, '-sha256', '-cert', '-out', q]);
    });

    it('PKCS#1 v1.5: answers what openssl ts -verify -queryfile accepts, and not once changed', async () => {
      const scheme = { keyType: 'rsa', hash: 'sha256', padding: 'pkcs1' } as const;
      const response = await answer(rsaPki, scheme, readFileSync(q));
      expect(tsVerify(rsaPki, response, q).status).toBe(0);
      const changed = new Uint8Array(response);
      changed[changed.length - 30] = (changed[changed.length - 30] ?? 0) ^ 0x01;
      expect(tsVerify(rsaPki, changed, q).status).not.toBe(0);
    });

    // openssl ts -verify goes through OpenSSL's PKCS#7 code, which has no RSASSA-PSS: the token's
    // signature is checked with openssl cms instead, trusting root and issuing CA.
    it('RSASSA-PSS: gives a token that openssl cms -verify -cades accepts, and not once changed', async () => {
      const scheme = { keyType: 'rsa', hash: 'sha384', padding: 'pss' } as const;
      const request = parseTimeStampRequest(readFileSync(q));
      const token = await createTimeStampToken({
        ...request,
        serialNumber: new Uint8Array([7]),
        genTime: new Date('2025-03-01T10:00:01Z'),
        policy: OID_SIGNET_TSA_POLICY,
        signer: nodeSigner(rsaPki.tsa.keyPem, scheme),
        tsaCertificate: rsaPki.tsa.certDer,
        includeCertificate: true,
      });
      const cas = writeTemp(rsaPki, 'cas.pem', rsaPki.root.certPem + rsaPki.issuing.certPem);
      const cmsVerify = (der: Uint8Array) =>
        openssl([
          'cms',
          '-verify',
          '-cades',
          '-inform',
          'DER',
          '-in',
          writeTemp(rsaPki, 't.der', der),
          '-CAfile',
          cas,
          '-purpose',
          'timestampsign',
          '-out',
          '/dev/null',
        ]);
      expect(cmsVerify(token).status).toBe(0);
      const changed = new Uint8Array(token);
      changed[changed.length - 30] = (changed[changed.length - 30] ?? 0) ^ 0x01;
      expect(cmsVerify(changed).status).not.toBe(0);
    });
  });

  describe('createTimeStampToken input checks', () => {
    const base = (): TimeStampTokenInput => ({
      hash: 'sha256',
      messageImprint: createHash('sha256').update(documentBytes).digest(),
      serialNumber: new Uint8Array([1]),
      genTime: new Date('2025-03-01T10:00:00Z'),
      policy: OID_SIGNET_TSA_POLICY,
      signer: nodeSigner(pki.tsa.keyPem, { keyType: 'ec', hash: 'sha256' }),
      tsaCertificate: pki.tsa.certDer,
      includeCertificate: true,
    });

    it.each<[string, Partial<TimeStampTokenInput>]>([
      ['a zero serial number', { serialNumber: new Uint8Array([0, 0]) }],
      ['a serial number over 160 bits', { serialNumber: new Uint8Array(21).fill(1) }],
      ['an imprint of the wrong length', { messageImprint: new Uint8Array(20) }],
      ['millis out of 1..999', { accuracy: { millis: 1000 } }],
    ])('refuses %s with INVALID_VALUE', async (_name, change) => {
      await expect(createTimeStampToken({ ...base(), ...change })).rejects.toMatchObject({
        code: 'INVALID_VALUE',
      });
    });
  });
});

/**
 * Property-based tests (fast-check) of the DER code's round trips and of the parsers' refusals:
 * what Signet writes it reads back unchanged, what a client writes it reads as written, and any
 * bytes at all end in a value or a typed error, never a TypeError. Each property runs a fixed
 * number of generated cases from a fixed seed and prints how many held.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CertID, OCSPRequest, Request, TBSRequest } from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Extension } from '@peculiar/asn1-x509';
import fc from 'fast-check';
import { serialOctets } from '../../src/ca/crl';
import { parseSignedData } from '../../src/core/cms';
import {
  buildCrl,
  parseCrl,
  REVOCATION_REASON_CODES,
  type RevocationReason,
} from '../../src/core/crl';
import { normalizeSerialHex, serialToHex } from '../../src/core/encoding';
import { SignetError } from '../../src/core/errors';
import { parseOcspRequest, type CertId } from '../../src/core/ocsp';
import { encodeCertId } from '../../src/core/ocsp/cert-id';
import * as oid from '../../src/core/oid';
import { parseTimeStampRequest } from '../../src/core/tsp';
import { readCsr } from '../../src/core/x509/csr';
import {
  CODE_ALPHABET,
  formatVerificationCode,
  newVerificationCode,
  normalizeVerificationCode,
} from '../../src/documents';
import { mutate } from '../helpers/mutator';
import { pemSigner } from '../helpers/pem-signer';
import { ecKey, mustOpenssl, tempDir } from '../helpers/openssl';

const SEED = Number(process.env.PROPERTY_SEED ?? 20240917);

/** Runs a property with the fixed seed and says how many cases held. */
async function holds(
  name: string,
  property: fc.IProperty<any> | fc.IAsyncProperty<any>,
  numRuns: number,
) {
  const result = await fc.check(property as fc.IAsyncProperty<any>, { seed: SEED, numRuns });
  console.log(
    `property "${name}": ${result.numRuns} generated cases (seed ${SEED}), ${
      result.failed ? `FAILED: ${fc.defaultReportMessage(result)}` : 'all held'
    }`,
  );
  expect(result.failed ? fc.defaultReportMessage(result) : undefined).toBeUndefined();
}

/** Content octets of a positive INTEGER as DER writes them: minimal, a 0x00 only before a high bit. */
const positiveInteger = fc.uint8Array({ minLength: 1, maxLength: 20 }).map((bytes) => {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const minimal = bytes.subarray(start);
  if (minimal.length === 1 && minimal[0] === 0) return Uint8Array.from([1]);
  return (minimal[0] ?? 0) & 0x80 ? Uint8Array.from([0, ...minimal]) : Uint8Array.from(minimal);
});

describe('serial numbers in hexadecimal (core/encoding, ca/crl)', () => {
  it('read back as the same INTEGER however a person writes them', async () => {
    await holds(
      'serial hex: canonical form, user spellings and DER content octets round-trip',
      fc.property(
        positiveInteger,
        fc.boolean(),
        fc.boolean(),
        fc.nat({ max: 3 }),
        (integer, lower, colons, zeros) => {
          const hex = serialToHex(integer);
          expect(hex).toMatch(/^([0-9A-F]{2})+$/);
          expect(hex.startsWith('00')).toBe(false);
          let typed = lower ? hex.toLowerCase() : hex;
          if (colons) typed = (typed.match(/../g) ?? []).join(':');
          typed = '0'.repeat(zeros) + typed;
          expect(normalizeSerialHex(typed)).toBe(hex);
          // Back to the INTEGER content octets the CRL writes: exactly the DER the client had.
          expect(Buffer.from(serialOctets(hex)).toString('hex')).toBe(
            Buffer.from(integer).toString('hex'),
          );
        },
      ),
      1000,
    );
  });
});

describe('CRL build -> parse (RFC 5280 section 5)', () => {
  let issuerCertificate: Uint8Array;
  let keyPem: string;

  beforeAll(() => {
    const dir = tempDir('signet-property-crl-');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    keyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    writeFileSync(join(dir, 'ca.key'), keyPem);
    mustOpenssl([
      'req',
      '-x509',
      '-new',
      '-key',
      join(dir, 'ca.key'),
      '-subj',
      '/CN=Property CA/O=Signet',
      '-days',
      '30',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-outform',
      'DER',
      '-out',
      join(dir, 'ca.der'),
    ]);
    issuerCertificate = new Uint8Array(readFileSync(join(dir, 'ca.der')));
  });

  // removeFromCRL belongs in delta CRLs only (RFC 5280 5.3.1); the builder refuses it in a full one.
  const reasons = (Object.keys(REVOCATION_REASON_CODES) as RevocationReason[]).filter(
    (r) => r !== 'removeFromCRL',
  );
  // Whole seconds, 1950 to 2100: UTCTime through 2049, GeneralizedTime from 2050 (5.1.2.4).
  const crlDate = fc
    .integer({ min: Date.UTC(1950, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 })
    .map((s) => new Date(s * 1000));

  it('reads every entry, date, reason and CRL number back as built', async () => {
    const signer = pemSigner(keyPem);
    await holds(
      'CRL: build then parse gives the same number, times and entries',
      fc.asyncProperty(
        fc.uniqueArray(
          fc.record({
            serial: positiveInteger,
            revocationDate: crlDate,
            reason: fc.option(fc.constantFrom(...reasons), { nil: undefined }),
          }),
          { maxLength: 30, selector: (e) => Buffer.from(e.serial).toString('hex') },
        ),
        fc.bigInt({ min: 0n, max: (1n << 159n) - 1n }),
        crlDate,
        fc.integer({ min: 1, max: 10 * 365 * 86400 }),
        async (entries, crlNumber, thisUpdate, validitySeconds) => {
          const nextUpdate = new Date(thisUpdate.getTime() + validitySeconds * 1000);
          if (nextUpdate.getUTCFullYear() > 9999) return;
          const der = await buildCrl({
            issuerCertificate,
            signer,
            thisUpdate,
            nextUpdate,
            crlNumber,
            entries,
          });
          const parsed = parseCrl(der);
          expect(parsed.crlNumber).toBe(crlNumber);
          expect(parsed.thisUpdate.getTime()).toBe(thisUpdate.getTime());
          expect(parsed.nextUpdate?.getTime()).toBe(nextUpdate.getTime());
          expect(
            parsed.entries.map((e) => [e.serial, e.revocationDate.getTime(), e.reason]),
          ).toEqual(
            // RFC 5280 5.3.1: "unspecified" is written as no reasonCode at all.
            entries.map((e) => [
              serialToHex(e.serial),
              e.revocationDate.getTime(),
              e.reason === 'unspecified' ? undefined : e.reason,
            ]),
          );
        },
      ),
      150,
    );
  });
});

describe('OCSP requests (RFC 6960 4.1.1), written by another encoder', () => {
  const HASHES = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 } as const;
  const HASH_OIDS = {
    sha1: oid.OID_SHA1,
    sha256: '2.16.840.1.101.3.4.2.1',
    sha384: '2.16.840.1.101.3.4.2.2',
    sha512: '2.16.840.1.101.3.4.2.3',
    sm3: oid.OID_SM3,
  } as const;

  const certId = fc
    .constantFrom(...(Object.keys(HASHES) as (keyof typeof HASHES)[]))
    .chain((hash) =>
      fc.record({
        hash: fc.constant(hash),
        issuerNameHash: fc.uint8Array({ minLength: HASHES[hash], maxLength: HASHES[hash] }),
        issuerKeyHash: fc.uint8Array({ minLength: HASHES[hash], maxLength: HASHES[hash] }),
        serialNumber: positiveInteger,
        hashParameters: fc.constantFrom('null' as const, 'absent' as const),
      }),
    );

  function libraryCertId(c: CertId): CertID {
    return new CertID({
      hashAlgorithm: new AlgorithmIdentifier({
        algorithm: HASH_OIDS[c.hash],
        parameters: c.hashParameters === 'absent' ? undefined : null,
      }),
      issuerNameHash: new OctetString(c.issuerNameHash),
      issuerKeyHash: new OctetString(c.issuerKeyHash),
      serialNumber: Uint8Array.from(c.serialNumber).buffer,
    });
  }

  it('reads each CertID and the nonce as @peculiar/asn1-ocsp wrote them, and re-encodes each CertID byte for byte', async () => {
    await holds(
      'OCSP: library-encoded request -> parseOcspRequest -> same CertIDs and nonce; encodeCertId = library DER',
      fc.property(
        fc.array(certId, { minLength: 1, maxLength: 5 }),
        fc.option(fc.uint8Array({ minLength: 1, maxLength: 128 }), { nil: undefined }),
        (certIds, nonce) => {
          const request = new OCSPRequest({
            tbsRequest: new TBSRequest({
              requestList: certIds.map((c) => new Request({ reqCert: libraryCertId(c) })),
              requestExtensions: nonce
                ? [
                    new Extension({
                      extnID: oid.OID_PKIX_OCSP_NONCE,
                      extnValue: new OctetString(AsnConvert.serialize(new OctetString(nonce))),
                    }),
                  ]
                : undefined,
            }),
          });
          const der = new Uint8Array(AsnConvert.serialize(request));
          const parsed = parseOcspRequest(der);
          expect(parsed.requests.length).toBe(certIds.length);
          // Compared as hex strings: jest's deep equality on many small Buffers is slow.
          const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
          expect(
            parsed.requests.map(({ certId: c }) => [
              c.hash,
              hex(c.issuerNameHash),
              hex(c.issuerKeyHash),
              hex(c.serialNumber),
              hex(encodeCertId(c)),
            ]),
          ).toEqual(
            certIds.map((c) => [
              c.hash,
              hex(c.issuerNameHash),
              hex(c.issuerKeyHash),
              hex(c.serialNumber),
              hex(new Uint8Array(AsnConvert.serialize(libraryCertId(c)))),
            ]),
          );
          expect(parsed.nonce && hex(parsed.nonce)).toBe(nonce && hex(nonce));
        },
      ),
      500,
    );
  });
});

describe('verification codes (documents/verification-code)', () => {
  it('format and normalize are inverse, and normalize is idempotent on anything typed', async () => {
    await holds(
      'verification code: new -> format -> (lower case, spaces) -> normalize gives the code back',
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.boolean(), (bytes, lower) => {
        let offset = 0;
        const code = newVerificationCode({
          bytes: (n) => {
            // The generator's bytes first, then a counter: rejection sampling may ask again.
            const out = Uint8Array.from(
              { length: n },
              (_, i) => bytes[offset + i] ?? (offset + i) % 240,
            );
            offset += n;
            return out;
          },
        });
        expect(code).toHaveLength(16);
        expect([...code].every((c) => CODE_ALPHABET.includes(c))).toBe(true);
        const printed = formatVerificationCode(code);
        expect(printed).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
        const typed = (lower ? printed.toLowerCase() : printed).replace(/-/g, ' - ');
        expect(normalizeVerificationCode(typed)).toBe(code);
      }),
      1000,
    );
    await holds(
      'verification code: normalize(anything) is undefined or a fixed point of format -> normalize',
      fc.property(
        fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^[2-9A-Za-z -]{10,30}$/)),
        (typed) => {
          const code = normalizeVerificationCode(typed);
          if (code !== undefined)
            expect(normalizeVerificationCode(formatVerificationCode(code))).toBe(code);
        },
      ),
      2000,
    );
  });
});

describe('the DER parsers on hostile bytes', () => {
  /** Valid seeds for the mutator: an OCSP request, a TimeStampReq, a CSR, a CRL, a CMS. */
  let seeds: Uint8Array[];

  beforeAll(() => {
    const dir = tempDir('signet-property-seeds-');
    const f = (n: string) => join(dir, n);
    writeFileSync(f('doc'), 'seed');
    mustOpenssl(['ts', '-query', '-data', f('doc'), '-sha256', '-cert', '-out', f('q.tsq')]);
    ecKey(f('k.pem'));
    mustOpenssl([
      'req',
      '-x509',
      '-new',
      '-key',
      f('k.pem'),
      '-subj',
      '/CN=Seed',
      '-out',
      f('c.pem'),
    ]);
    mustOpenssl([
      'req',
      '-new',
      '-key',
      f('k.pem'),
      '-subj',
      '/CN=Seed',
      '-outform',
      'DER',
      '-out',
      f('r.der'),
    ]);
    mustOpenssl(['ocsp', '-issuer', f('c.pem'), '-serial', '0x1234', '-reqout', f('o.der')]);
    mustOpenssl([
      'cms',
      '-sign',
      '-binary',
      '-in',
      f('doc'),
      '-signer',
      f('c.pem'),
      '-inkey',
      f('k.pem'),
      '-outform',
      'DER',
      '-out',
      f('s.p7s'),
    ]);
    seeds = ['q.tsq', 'r.der', 'o.der', 's.p7s'].map((n) => new Uint8Array(readFileSync(f(n))));
    seeds.push(createHash('sha256').update('x').digest());
  });

  const PARSERS: [string, (der: Uint8Array) => unknown][] = [
    ['parseOcspRequest', parseOcspRequest],
    ['parseTimeStampRequest', (d) => parseTimeStampRequest(d, { acceptedPolicies: [] })],
    ['readCsr', readCsr],
    ['parseCrl', parseCrl],
    ['parseSignedData', parseSignedData],
  ];

  it.each(PARSERS)(
    '%s returns a value or throws a typed SignetError, for any bytes',
    async (_name, parse) => {
      const mutated = [...mutate(seeds, 2000, SEED)].map((m) => new Uint8Array(m.bytes));
      await holds(
        `${_name}: arbitrary and mutated DER end in a value or a SignetError`,
        fc.property(
          fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...mutated)),
          (bytes) => {
            try {
              parse(bytes);
            } catch (error) {
              if (!(error instanceof SignetError)) {
                throw new Error(`${(error as Error)?.name}: ${(error as Error)?.message}`);
              }
            }
          },
        ),
        2500,
      );
    },
  );
});

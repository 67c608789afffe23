/**
 * C2SP Wycheproof signature vectors through Signet's verification layer: for each test group the
 * AlgorithmIdentifier is built as it would appear in CMS or X.509 (ECDSA: ecdsa-with-SHA*,
 * parameters absent; PKCS#1 v1.5: sha*WithRSAEncryption, NULL; PSS: id-RSASSA-PSS with the
 * group's RSASSA-PSS-params), read back with schemeFromAlgorithmIdentifier, and the signature
 * checked with verifySignature. valid must verify, invalid must not, acceptable may do either
 * (counted and printed).
 *
 * P1363 files: Signet only meets DER ECDSA-Sig-Value (RFC 5758 3.2: CMS and X.509 carry nothing
 * else), so each r||s value is converted to DER here and goes through the same path; a value that
 * is not exactly twice the curve size cannot be converted and counts as rejected.
 *
 * Skipped, with a printed count: groups Signet cannot express, i.e. SHA-1 or SHA-224 hashes and PSS
 * whose MGF1 hash differs from the signature hash (schemeFromAlgorithmIdentifier refuses those
 * parameters by design). The Ed25519 file is not in the copy (Signet does not verify Ed25519).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { RsaSaPssParams } from '@peculiar/asn1-rsa';
import {
  publicKeyFromSpki,
  schemeFromAlgorithmIdentifier,
  verifySignature,
} from '../../src/core/algorithms';
import * as oid from '../../src/core/oid';
import { CONFORMANCE_DIR, rate, readConformanceJson } from './helpers';

interface WycheproofTest {
  tcId: number;
  msg: string;
  sig: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface WycheproofGroup {
  publicKeyDer: string;
  sha?: string;
  mgf?: string;
  mgfSha?: string;
  sLen?: number;
  tests: WycheproofTest[];
}
interface WycheproofFile {
  testGroups: WycheproofGroup[];
}

type Family = 'ECDSA (DER)' | 'ECDSA (P1363 as DER)' | 'RSA PKCS#1 v1.5' | 'RSA-PSS';

const DIR = ['wycheproof', 'testvectors_v1'];
const HASH_OIDS: Record<string, string> = {
  'SHA-256': oid.OID_SHA256,
  'SHA-384': oid.OID_SHA384,
  'SHA-512': oid.OID_SHA512,
};
const ECDSA_OIDS: Record<string, string> = {
  'SHA-256': oid.OID_ECDSA_WITH_SHA256,
  'SHA-384': oid.OID_ECDSA_WITH_SHA384,
  'SHA-512': oid.OID_ECDSA_WITH_SHA512,
};
const RSA_OIDS: Record<string, string> = {
  'SHA-256': oid.OID_SHA256_WITH_RSA,
  'SHA-384': oid.OID_SHA384_WITH_RSA,
  'SHA-512': oid.OID_SHA512_WITH_RSA,
};
/** Octets of r and of s in a P1363 signature, by curve. */
const P1363_SIZES: Record<string, number> = { secp256r1: 32, secp384r1: 48, secp521r1: 66 };

function familyOf(file: string): Family {
  if (file.startsWith('ecdsa_'))
    return file.includes('_p1363_') ? 'ECDSA (P1363 as DER)' : 'ECDSA (DER)';
  if (file.startsWith('rsa_signature_')) return 'RSA PKCS#1 v1.5';
  if (file.startsWith('rsa_pss_')) return 'RSA-PSS';
  throw new Error(
    `${file} is not a family this test knows: see test/conformance/suites/README.md.`,
  );
}

/** The AlgorithmIdentifier a CMS SignerInfo or certificate would carry, or undefined. */
function algorithmIdentifier(
  family: Family,
  group: WycheproofGroup,
): AlgorithmIdentifier | undefined {
  const sha = group.sha ?? '';
  if (family === 'RSA PKCS#1 v1.5') {
    const algorithm = RSA_OIDS[sha];
    return algorithm ? new AlgorithmIdentifier({ algorithm, parameters: null }) : undefined;
  }
  if (family === 'RSA-PSS') {
    const hash = HASH_OIDS[sha];
    if (!hash || group.mgf !== 'MGF1' || group.mgfSha !== sha) return undefined;
    const hashAlgorithm = new AlgorithmIdentifier({ algorithm: hash, parameters: null });
    const params = new RsaSaPssParams({
      hashAlgorithm,
      maskGenAlgorithm: new AlgorithmIdentifier({
        algorithm: oid.OID_MGF1,
        parameters: AsnConvert.serialize(hashAlgorithm),
      }),
      saltLength: group.sLen ?? 20,
    });
    return new AlgorithmIdentifier({
      algorithm: oid.OID_RSASSA_PSS,
      parameters: AsnConvert.serialize(params),
    });
  }
  const algorithm = ECDSA_OIDS[sha];
  return algorithm ? new AlgorithmIdentifier({ algorithm }) : undefined;
}

function derInteger(bytes: Uint8Array): number[] {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const body = Array.from(bytes.subarray(start));
  if (body.length === 0) body.push(0);
  if ((body[0] ?? 0) & 0x80) body.unshift(0);
  return [0x02, ...derLength(body.length), ...body];
}

function derLength(n: number): number[] {
  return n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
}

/** r||s to DER ECDSA-Sig-Value, or undefined when the value is not 2 × the curve size. */
function p1363ToDer(sig: Uint8Array, size: number): Uint8Array | undefined {
  if (sig.length !== 2 * size) return undefined;
  const body = [...derInteger(sig.subarray(0, size)), ...derInteger(sig.subarray(size))];
  return new Uint8Array([0x30, ...derLength(body.length), ...body]);
}

interface Tally {
  passed: number;
  total: number;
  acceptableAccepted: number;
  acceptableRejected: number;
  skipped: number;
}

const tallies = new Map<string, Tally>();
const tally = (name: string): Tally => {
  let t = tallies.get(name);
  if (!t) {
    t = { passed: 0, total: 0, acceptableAccepted: 0, acceptableRejected: 0, skipped: 0 };
    tallies.set(name, t);
  }
  return t;
};

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));

const files = readdirSync(join(CONFORMANCE_DIR, ...DIR))
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('Wycheproof signature vectors through schemeFromAlgorithmIdentifier + verifySignature', () => {
  afterAll(() => {
    for (const [name, t] of tallies) {
      const acceptable =
        t.acceptableAccepted + t.acceptableRejected > 0
          ? `; acceptable: ${t.acceptableAccepted} accepted, ${t.acceptableRejected} rejected`
          : '';
      const skipped = t.skipped > 0 ? `; ${t.skipped} vectors skipped (not expressible)` : '';
      const result = t.total > 0 ? `${rate(t.passed, t.total)} valid/invalid` : 'not run';
      console.log(`Wycheproof ${name}: ${result}${acceptable}${skipped}`);
    }
  });

  it.each(files)('%s', (file) => {
    const data = readConformanceJson<WycheproofFile>(...DIR, file);
    const family = familyOf(file);
    const t = tally(family);
    const curve = Object.keys(P1363_SIZES).find((c) => file.includes(c)) ?? '';
    const mismatches: string[] = [];
    for (const group of data.testGroups) {
      const algId = algorithmIdentifier(family, group);
      if (!algId) {
        t.skipped += group.tests.length;
        continue;
      }
      const scheme = schemeFromAlgorithmIdentifier(algId);
      const key = publicKeyFromSpki(hex(group.publicKeyDer));
      for (const test of group.tests) {
        const raw = hex(test.sig);
        const sig =
          family === 'ECDSA (P1363 as DER)' ? p1363ToDer(raw, P1363_SIZES[curve] ?? 0) : raw;
        const verified = sig !== undefined && verifySignature(scheme, key, hex(test.msg), sig);
        if (test.result === 'acceptable') {
          if (verified) t.acceptableAccepted++;
          else t.acceptableRejected++;
          continue;
        }
        t.total++;
        if (verified === (test.result === 'valid')) t.passed++;
        else mismatches.push(`tcId ${test.tcId} (${test.result}) gave ${verified}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

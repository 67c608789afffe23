/**
 * Wycheproof vectors (test/conformance/suites/wycheproof) through the prehashed verifier that
 * checks CMS signatures without signed attributes: each message is hashed first, as a streamed
 * document is, and the signature checked against the digest. valid must verify, invalid must not;
 * acceptable vectors may do either. Covers DER ECDSA on P-256/P-384/P-521, RSA PKCS#1 v1.5 and
 * RSA-PSS with MGF1 over the signature hash (the parameters Signet accepts in CMS).
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { publicKeyFromSpki, type HashName, type SignatureScheme } from '../../src/core/algorithms';
import { verifyDigestSignature } from '../../src/core/prehashed';
import { CONFORMANCE_DIR, rate, readConformanceJson } from '../conformance/helpers';

interface Vector {
  tcId: number;
  msg: string;
  sig: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface Group {
  publicKeyDer: string;
  sha?: string;
  mgf?: string;
  mgfSha?: string;
  sLen?: number;
  tests: Vector[];
}

const DIR = ['wycheproof', 'testvectors_v1'];
const HASHES: Record<string, HashName> = {
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};
const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));

function schemeOf(file: string, group: Group): SignatureScheme | undefined {
  const hash = HASHES[group.sha ?? ''];
  if (!hash) return undefined;
  if (/^ecdsa_secp\d+r1_sha\d+_test\.json$/.test(file)) return { keyType: 'ec', hash };
  if (file.startsWith('rsa_signature_')) return { keyType: 'rsa', hash, padding: 'pkcs1' };
  if (file.startsWith('rsa_pss_') && group.mgf === 'MGF1' && group.mgfSha === group.sha) {
    return { keyType: 'rsa', hash, padding: 'pss', saltLength: group.sLen };
  }
  return undefined;
}

const files = readdirSync(join(CONFORMANCE_DIR, ...DIR))
  .filter((f) =>
    /^(ecdsa_secp\d+r1_sha\d+_test|rsa_signature_\d+_sha\d+_test|rsa_pss_.*_test)\.json$/.test(f),
  )
  .sort();
let passed = 0;
let total = 0;

describe('verifyDigestSignature on Wycheproof vectors', () => {
  afterAll(() => console.log(`Wycheproof through the prehashed verifier: ${rate(passed, total)}`));

  it('has the 26 files it reads', () => expect(files).toHaveLength(26));

  it.each(files)('%s', (file) => {
    const data = readConformanceJson<{ testGroups: Group[] }>(...DIR, file);
    const mismatches: string[] = [];
    for (const group of data.testGroups) {
      const scheme = schemeOf(file, group);
      if (!scheme) continue;
      const key = publicKeyFromSpki(hex(group.publicKeyDer));
      for (const v of group.tests) {
        if (v.result === 'acceptable') continue;
        const digest = new Uint8Array(createHash(scheme.hash).update(hex(v.msg)).digest());
        const verified = verifyDigestSignature(scheme, key, digest, hex(v.sig));
        total += 1;
        if (verified === (v.result === 'valid')) passed += 1;
        else mismatches.push(`tcId ${v.tcId} (${v.result}) gave ${verified}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

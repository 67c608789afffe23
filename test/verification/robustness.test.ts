/**
 * Hostile input: a valid B-LT signature (the richest structure Signet makes: signed attributes,
 * time-stamp token, certificates, CRL) changed at random, one octet at a time, cut short, or
 * grown. Whatever the change, verify() answers a report (never throws, never hangs), and never
 * TOTAL_PASSED for a change to what the signature covers.
 */
import { parseSignedData } from '../../src/core/cms';
import { documentFromBytes } from '../../src/verification';
import { walkDer } from '../helpers/mutator';
import { freshCa, type TestCa } from './fixtures';

/** A small seeded generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INDICATIONS = ['TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE'];

describe('verify on mutated signatures', () => {
  let ca: TestCa;
  let signature: Uint8Array;
  const content = new Uint8Array(Buffer.from('Regulation 2031-9, as adopted.\n'));

  beforeAll(async () => {
    ca = await freshCa();
    await ca.department('finance');
    signature = (await ca.sign('finance', 'B-LT', content)).signature;
  });
  afterAll(() => ca.close());

  /** Where the signed attributes ([0] IMPLICIT) and the signature value lie in the DER. */
  function coveredRanges(): [number, number][] {
    const info = parseSignedData(signature).signerInfos[0];
    const attrs = Uint8Array.from(info?.signedAttributesDer ?? []);
    attrs[0] = 0xa0;
    const value = info?.signature ?? new Uint8Array();
    return [attrs, value].map((part): [number, number] => {
      const at = Buffer.from(signature).indexOf(Buffer.from(part));
      expect(at).toBeGreaterThan(0);
      return [at, at + part.length];
    });
  }

  it('answers a report for 400 single-octet changes, truncations and extensions', async () => {
    const covered = coveredRanges();
    const next = random(20310901);
    const seen = new Map<string, number>();
    for (let i = 0; i < 400; i += 1) {
      let mutated: Uint8Array;
      let changedCovered = false;
      const kind = i % 4;
      if (kind === 3) {
        mutated = signature.subarray(0, Math.floor(next() * signature.length));
      } else if (kind === 2) {
        mutated = new Uint8Array([
          ...signature,
          ...Array.from({ length: 1 + Math.floor(next() * 8) }, () => Math.floor(next() * 256)),
        ]);
      } else {
        mutated = Uint8Array.from(signature);
        const at = Math.floor(next() * mutated.length);
        mutated[at] = ((mutated[at] ?? 0) ^ (1 + Math.floor(next() * 255))) & 0xff;
        changedCovered = covered.some(([from, to]) => at >= from && at < to);
      }
      const started = Date.now();
      const report = await ca.verify({ signature: mutated, document: documentFromBytes(content) });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(INDICATIONS).toContain(report.indication);
      expect(typeof report.summary).toBe('string');
      if (changedCovered) expect(report.indication).not.toBe('TOTAL_PASSED');
      const key = `${report.indication}/${report.subIndication ?? ''}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    console.log(`400 mutated B-LT signatures: ${JSON.stringify(Object.fromEntries(seen))}`);
  }, 120_000);

  // Found by the HTTP fuzzer: a certificate of the signature in BER (indefinite length) read as
  // a certificate, but the OCSP CertID matcher, which needs its DER, threw (a 500).
  it('answers a report with each constructed element re-encoded in indefinite length (BER)', async () => {
    const der = Buffer.from(signature);
    const nodes = walkDer(der).filter((n) => n.constructed);
    expect(nodes.length).toBeGreaterThan(100);
    const seen = new Map<string, number>();
    for (const node of nodes) {
      const ber = Buffer.concat([
        der.subarray(0, node.lengthAt),
        Buffer.from([0x80]),
        der.subarray(node.contentsAt, node.end),
        Buffer.from([0, 0]),
        der.subarray(node.end),
      ]);
      const report = await ca.verify({ signature: ber, document: documentFromBytes(content) });
      expect(INDICATIONS).toContain(report.indication);
      const key = `${report.indication}/${report.subIndication ?? ''}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    console.log(
      `${nodes.length} B-LT signatures with one element in BER: ${JSON.stringify(Object.fromEntries(seen))}`,
    );
  }, 120_000);
});

/**
 * C2SP x509-limbo, the cases a verifier of document signatures needs
 * (test/conformance/data/x509-limbo/limbo-docsign-core.json), through validatePath. Host-name
 * expectations are ignored (Signet validates signers, not TLS peers). Every case must give the
 * expected result except those in KNOWN_DIFFERENCES, each with its reason; a listed case that
 * starts to match fails too, so the list stays true. Denial-of-service cases must finish in 2 s.
 * limbo-docsign-optional.json runs as well and only prints its rate.
 */
import { fromPemAll } from '../../src/core/encoding';
import * as oid from '../../src/core/oid';
import { validatePath, type PathValidationResult } from '../../src/core/validation';
import { rate, readConformanceJson } from './helpers';

interface LimboCase {
  id: string;
  features: string[] | null;
  trusted_certs: string[];
  untrusted_intermediates: string[];
  peer_certificate: string;
  validation_time: string | null;
  extended_key_usage: string[];
  max_chain_depth: number | null;
  crls: string[];
  expected_result: 'SUCCESS' | 'FAILURE';
}

const EKUS: Record<string, string> = {
  anyExtendedKeyUsage: oid.OID_ANY_EXTENDED_KEY_USAGE,
  serverAuth: oid.OID_KP_SERVER_AUTH,
  clientAuth: oid.OID_KP_CLIENT_AUTH,
  codeSigning: oid.OID_KP_CODE_SIGNING,
  emailProtection: oid.OID_KP_EMAIL_PROTECTION,
  timeStamping: oid.OID_KP_TIME_STAMPING,
  OCSPSigning: oid.OID_KP_OCSP_SIGNING,
};

/**
 * Cases where Signet's answer differs from limbo's expectation on purpose, and why. Each entry is
 * a decision, not a bug: RFC 5280 or NIST PKITS (which Signet must pass) asks for the other answer.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  // Expected FAILURE, Signet says SUCCESS.
  'rfc5280::root-non-critical-basic-constraints':
    'basicConstraints need not be critical: RFC 5280 6.1.4(k) checks presence and cA only, and ' +
    'NIST PKITS 4.6.4 requires a CA with non-critical basicConstraints to be accepted; a trust ' +
    'anchor is held to the same rule',
  'rfc5280::aki::cross-signed-root-missing-aki':
    'a trust anchor needs no authority key identifier (nothing is verified against it); limbo ' +
    'itself expects SUCCESS for the same shape of anchor in cve::cve-2024-0567',
  'rfc5280::pc::ica-noncritical-pc':
    'non-critical policyConstraints are processed, not refused: NIST PKITS 4.8.6, 4.8.10 and ' +
    '4.10.x put non-critical policyConstraints in paths that must validate',
  'rfc5280::serial::negative':
    'RFC 5280 4.1.2.2 asks relying parties to handle negative serial numbers gracefully, and ' +
    'NIST PKITS 4.4.14 requires a certificate with a negative serial number to validate',
};

/** "Now" for cases without a validation time, fixed so the run is repeatable (their certificates last centuries). */
const NOW = new Date('2026-01-01T00:00:00Z');

function pemCertificate(pem: string): Uint8Array {
  const der = fromPemAll(pem, 'CERTIFICATE')[0];
  if (!der) throw new Error('A limbo case holds a certificate that is not PEM.');
  return der;
}

/**
 * Validation is synchronous, so the process CPU time it takes is its own work: unlike wall time it
 * does not grow when other jobs share the machine's two cores.
 */
function run(c: LimboCase): { result: PathValidationResult; ms: number } {
  const started = process.cpuUsage();
  const result = validatePath({
    target: pemCertificate(c.peer_certificate),
    trustAnchors: c.trusted_certs.map(pemCertificate),
    untrusted: c.untrusted_intermediates.map(pemCertificate),
    crls: c.crls.flatMap((pem) => fromPemAll(pem, 'X509 CRL')),
    time: c.validation_time ? new Date(c.validation_time) : NOW,
    requiredEkus: c.extended_key_usage.map((name) => EKUS[name] ?? name),
    maxDepth: c.max_chain_depth ?? undefined,
  });
  const used = process.cpuUsage(started);
  return { result, ms: (used.user + used.system) / 1000 };
}

function describeResult(result: PathValidationResult): string {
  return result.valid ? 'SUCCESS' : `FAILURE ${result.reason?.code}: ${result.reason?.message}`;
}

describe('x509-limbo (docsign core)', () => {
  const cases = readConformanceJson<{ testcases: LimboCase[] }>(
    'x509-limbo',
    'limbo-docsign-core.json',
  ).testcases;
  let matched = 0;
  afterAll(() => {
    console.log(`x509-limbo docsign-core: ${rate(matched, cases.length)}`);
  });

  describe.each(cases.map((c) => [c.id, c] as const))('%s', (id, c) => {
    const known = KNOWN_DIFFERENCES[id];
    it(known ? `differs on purpose: ${known}` : `reports ${c.expected_result}`, () => {
      const { result, ms } = run(c);
      const got = result.valid ? 'SUCCESS' : 'FAILURE';
      if (got === c.expected_result) matched++;
      if (c.features?.includes('denial-of-service')) expect(ms).toBeLessThan(2000);
      if (known) {
        expect(got).not.toBe(c.expected_result);
      } else {
        expect(`${got} (${describeResult(result)})`).toMatch(new RegExp(`^${c.expected_result} `));
      }
    });
  });

  it('matches at least 95% of the cases', () => {
    const differences = Object.keys(KNOWN_DIFFERENCES).length;
    expect((cases.length - differences) / cases.length).toBeGreaterThanOrEqual(0.95);
  });
});

describe('x509-limbo (docsign optional)', () => {
  it('runs and reports its rate', () => {
    const cases = readConformanceJson<{ testcases: LimboCase[] }>(
      'x509-limbo',
      'limbo-docsign-optional.json',
    ).testcases;
    const differing = cases.filter((c) => {
      const got = run(c).result.valid ? 'SUCCESS' : 'FAILURE';
      return got !== c.expected_result;
    });
    console.log(
      `x509-limbo docsign-optional: ${rate(cases.length - differing.length, cases.length)}`,
    );
    if (differing.length > 0) {
      console.log(`optional cases that differ: ${differing.map((c) => c.id).join(', ')}`);
    }
  });
});

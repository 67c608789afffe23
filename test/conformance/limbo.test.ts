/**
 * C2SP x509-limbo, the cases a verifier of document signatures needs
 * (test/conformance/suites/x509-limbo: limbo-docsign-core.json and limbo-docsign-optional.json),
 * through validatePath. Host-name expectations are ignored (Signet validates signers, not TLS
 * peers). Every case must give the expected result except those listed in CORE_DIFFERENCES and
 * OPTIONAL_DIFFERENCES, each with its reason; a listed case that starts to match fails too, so the
 * lists stay true. The pass rate each suite prints is counted from the results. Denial-of-service
 * cases must finish in 2 s.
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
 * docsign-core cases where Signet's answer differs from limbo's expectation on purpose, and why.
 * Each entry is a decision, not a bug: RFC 5280 or NIST PKITS (which Signet must pass) asks for
 * the other answer.
 */
const CORE_DIFFERENCES: Record<string, string> = {
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

/**
 * docsign-optional cases where Signet differs, and why: all are rules of the CA/Browser Forum's
 * Baseline Requirements for TLS certificates (the web PKI), which limbo's webpki cases apply and
 * RFC 5280 path validation, Signet's rule for document signers, does not.
 */
const OPTIONAL_DIFFERENCES: Record<string, string> = {
  // Expected FAILURE, Signet says SUCCESS.
  'webpki::aki::root-with-aki-missing-keyidentifier':
    "CABF BR 7.1.2.1.3 rule on a root's authorityKeyIdentifier; RFC 5280 verifies nothing " +
    'against a trust anchor (6.1.1(d)), so its AKI fields do not decide the path',
  'webpki::aki::root-with-aki-authoritycertissuer':
    "CABF BR 7.1.2.1.3 rule on a root's authorityKeyIdentifier; RFC 5280 4.2.1.1 allows " +
    'authorityCertIssuer',
  'webpki::aki::root-with-aki-authoritycertserialnumber':
    "CABF BR 7.1.2.1.3 rule on a root's authorityKeyIdentifier; RFC 5280 4.2.1.1 allows " +
    'authorityCertSerialNumber',
  'webpki::aki::root-with-aki-all-fields':
    "CABF BR 7.1.2.1.3 rule on a root's authorityKeyIdentifier; RFC 5280 4.2.1.1 allows both " +
    'fields',
  'webpki::aki::root-with-aki-ski-mismatch':
    "CABF BR 7.1.2.1.3 rule; a trust anchor's AKI is not used in RFC 5280 path validation",
  'webpki::forbidden-rsa-not-divisible-by-8-in-root':
    'CABF BR 6.1.5 key-size rule; an RSA-2052 key is above the 2048-bit floor Signet enforces',
  'webpki::forbidden-rsa-key-not-divisible-by-8-in-leaf':
    'CABF BR 6.1.5 key-size rule; an RSA-2052 key is above the 2048-bit floor Signet enforces',
  'webpki::ee-basicconstraints-ca':
    'CABF BR 7.1.2.7.8 subscriber-certificate rule; RFC 5280 6.1 does not restrict the ' +
    "target's basicConstraints, and the verifier checks a signer's keyUsage separately " +
    '(src/verification/certificate-validation.ts)',
  'webpki::ca-as-leaf':
    'CABF BR 7.1.2.7.8 and 7.1.2.7.11 subscriber-certificate rules; RFC 5280 6.1 lets a path end ' +
    "at a CA certificate, and the verifier checks a signer's keyUsage separately",
  // Expected SUCCESS, Signet says FAILURE.
  'webpki::nc::permitted-dns-match-noncritical':
    'RFC 5280 4.2.1.10: conforming CAs MUST mark name constraints critical; CABF allows ' +
    'non-critical ones as an exception for TLS, and Signet keeps the RFC rule',
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

/**
 * One suite: a test per case, and one that the cases differing from limbo are exactly the listed
 * ones. Results are kept per case, so a case runs once even when both tests need it.
 */
function limboSuite(name: string, differences: Record<string, string>): void {
  describe(`x509-limbo (${name})`, () => {
    const cases = readConformanceJson<{ testcases: LimboCase[] }>(
      'x509-limbo',
      `limbo-${name}.json`,
    ).testcases;
    const results = new Map<string, { result: PathValidationResult; ms: number }>();
    const resultOf = (c: LimboCase): { result: PathValidationResult; ms: number } => {
      const known = results.get(c.id) ?? run(c);
      results.set(c.id, known);
      return known;
    };
    const got = (c: LimboCase): LimboCase['expected_result'] =>
      resultOf(c).result.valid ? 'SUCCESS' : 'FAILURE';

    describe.each(cases.map((c) => [c.id, c] as const))('%s', (id, c) => {
      const known = differences[id];
      it(known ? `differs on purpose: ${known}` : `reports ${c.expected_result}`, () => {
        const { result, ms } = resultOf(c);
        if (c.features?.includes('denial-of-service')) expect(ms).toBeLessThan(2000);
        if (known) {
          expect(got(c)).not.toBe(c.expected_result);
        } else {
          expect(`${got(c)} (${describeResult(result)})`).toMatch(
            new RegExp(`^${c.expected_result} `),
          );
        }
      });
    });

    it('differs from limbo on exactly the listed cases (the rate printed is counted from the results)', () => {
      const differing = cases.filter((c) => got(c) !== c.expected_result).map((c) => c.id);
      console.log(`x509-limbo ${name}: ${rate(cases.length - differing.length, cases.length)}`);
      expect(differing.sort()).toEqual(Object.keys(differences).sort());
    });
  });
}

limboSuite('docsign-core', CORE_DIFFERENCES);
limboSuite('docsign-optional', OPTIONAL_DIFFERENCES);

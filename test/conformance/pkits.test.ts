/**
 * NIST PKITS (Public Key Interoperability Test Suite, "Test Certificates 2011") through
 * validatePath, as ../shared/conformance/README.md says to run it: trust anchor
 * TrustAnchorRootCertificate.crt, TrustAnchorRootCRL.crl always added, validation at 2022-05-01,
 * revocation required unless the case says `revocation: false`. Legacy algorithms are enabled
 * because 4.1.4-4.1.6 are DSA with SHA-1 paths (Signet accepts SHA-1 only on request).
 *
 * Sections 4.1-4.7, 4.13 and 4.14 must all pass, with the kind of failure PKITS expects
 * (revoked, no revocation information, stale revocation information, or another path error).
 * The other sections run too and print their pass rate; see OTHER_SECTIONS_NOT_PASSING.
 */
import { validatePath, type PathErrorCode } from '../../src/core/validation';
import { rate, readConformanceBytes, readConformanceJson } from './helpers';

interface PkitsCase {
  id: string;
  name: string;
  cert: string;
  other_certs?: string[];
  crls?: string[];
  revocation?: boolean;
  params?: {
    user_initial_policy_set?: string[];
    initial_explicit_policy?: boolean;
    initial_policy_mapping_inhibit?: boolean;
    initial_any_policy_inhibit?: boolean;
  };
  error?: { class: string };
}

const cases = readConformanceJson<PkitsCase[]>('pkits', 'pkits.json');
const cert = (file: string): Uint8Array => readConformanceBytes('pkits', 'certs', file);
const crl = (file: string): Uint8Array => readConformanceBytes('pkits', 'crls', file);
const ANCHOR = cert('TrustAnchorRootCertificate.crt');
const ANCHOR_CRL = crl('TrustAnchorRootCRL.crl');
const TIME = new Date('2022-05-01T00:00:00Z');

const REQUIRED_SECTIONS = ['401', '402', '403', '404', '405', '406', '407', '413', '414'];
const section = (c: PkitsCase): string => `4.${Number(c.id.slice(1, 3))}.${Number(c.id.slice(3))}`;

/**
 * Cases of the other sections (4.8-4.12 policies, 4.15 delta CRLs, 4.16 private extensions) that
 * do not pass, and why.
 */
const OTHER_SECTIONS_NOT_PASSING: Record<string, string> = {
  '4.15.10':
    'same verdict (not valid), other kind: the complete CRL is out of date, which Signet ' +
    'reports as STALE_REVOCATION_INFO where PKITS expects insufficient revocation information',
};

/** The outcome PKITS expects, in Signet's terms. */
function expected(c: PkitsCase): 'valid' | 'revoked' | 'no-revinfo' | 'stale' | 'invalid' {
  switch (c.error?.class) {
    case undefined:
      return 'valid';
    case 'RevokedError':
      return 'revoked';
    case 'InsufficientRevinfoError':
      return 'no-revinfo';
    case 'StaleRevinfoError':
      return 'stale';
    default:
      return 'invalid';
  }
}

function outcome(valid: boolean, code: PathErrorCode | undefined): ReturnType<typeof expected> {
  if (valid) return 'valid';
  if (code === 'REVOKED') return 'revoked';
  if (code === 'NO_REVOCATION_INFO') return 'no-revinfo';
  if (code === 'STALE_REVOCATION_INFO') return 'stale';
  return 'invalid';
}

function run(c: PkitsCase): { got: ReturnType<typeof expected>; message: string } {
  const result = validatePath({
    target: cert(c.cert),
    trustAnchors: [ANCHOR],
    untrusted: (c.other_certs ?? []).map(cert),
    crls: [ANCHOR_CRL, ...(c.crls ?? []).map(crl)],
    time: TIME,
    requireRevocation: c.revocation !== false,
    legacyAlgorithms: true,
    policy: {
      userInitialPolicySet: c.params?.user_initial_policy_set,
      initialExplicitPolicy: c.params?.initial_explicit_policy,
      initialPolicyMappingInhibit: c.params?.initial_policy_mapping_inhibit,
      initialAnyPolicyInhibit: c.params?.initial_any_policy_inhibit,
    },
  });
  return {
    got: outcome(result.valid, result.reason?.code),
    message: result.reason ? `${result.reason.code}: ${result.reason.message}` : 'valid',
  };
}

const required = cases.filter((c) => REQUIRED_SECTIONS.includes(c.id.slice(0, 3)));
const others = cases.filter((c) => !REQUIRED_SECTIONS.includes(c.id.slice(0, 3)));

describe('PKITS', () => {
  let passed = 0;
  afterAll(() => {
    console.log(`PKITS 4.1-4.7,4.13,4.14: ${rate(passed, required.length)}`);
  });

  describe.each(required.map((c) => [`${section(c)} ${c.name}`, c] as const))('%s', (_, c) => {
    it(`reports ${expected(c)}`, () => {
      const { got, message } = run(c);
      expect(`${got}: ${message}`).toMatch(new RegExp(`^${expected(c)}: `));
      passed++;
    });
  });

  it('runs the other sections and reports their pass rate (without failing on them)', () => {
    const failing = others.flatMap((c) => {
      const { got, message } = run(c);
      return got === expected(c) ? [] : [{ c, message }];
    });
    console.log(
      `PKITS other sections (4.8-4.12 policies, 4.15 delta CRLs, 4.16): ${rate(others.length - failing.length, others.length)}`,
    );
    const unlisted = failing.filter(({ c }) => !(section(c) in OTHER_SECTIONS_NOT_PASSING));
    if (unlisted.length > 0) {
      console.log(
        `PKITS other sections not passing and not yet explained:\n${unlisted
          .map(
            ({ c, message }) => `${section(c)} ${c.name}: expected ${expected(c)}, got ${message}`,
          )
          .join('\n')}`,
      );
    }
  });
});

/**
 * The NIST PKITS cases (test/conformance/suites/pkits) as the suite's notes say to run them
 * (suites/README.md): trust anchor TrustAnchorRootCertificate.crt, TrustAnchorRootCRL.crl always
 * added, validation at 2022-05-01, revocation required unless the case says `revocation: false`,
 * legacy algorithms on (4.1.4-4.1.6 are DSA with SHA-1 paths). Shared by pkits.test.ts and
 * pkits-revocation.test.ts.
 */
import {
  validatePath,
  type PathErrorCode,
  type PathValidationInput,
} from '../../src/core/validation';
import { readConformanceBytes, readConformanceJson } from './helpers';

export interface PkitsCase {
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

export const cases = readConformanceJson<PkitsCase[]>('pkits', 'pkits.json');
export const cert = (file: string): Uint8Array => readConformanceBytes('pkits', 'certs', file);
export const crl = (file: string): Uint8Array => readConformanceBytes('pkits', 'crls', file);
export const ANCHOR = cert('TrustAnchorRootCertificate.crt');
export const ANCHOR_CRL = crl('TrustAnchorRootCRL.crl');
export const TIME = new Date('2022-05-01T00:00:00Z');

export const section = (c: PkitsCase): string =>
  `4.${Number(c.id.slice(1, 3))}.${Number(c.id.slice(3))}`;

export type Outcome = 'valid' | 'revoked' | 'no-revinfo' | 'stale' | 'invalid';

/** The outcome PKITS expects, in Signet's terms. */
export function expected(c: PkitsCase): Outcome {
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

export function outcome(valid: boolean, code: PathErrorCode | undefined): Outcome {
  if (valid) return 'valid';
  if (code === 'REVOKED') return 'revoked';
  if (code === 'NO_REVOCATION_INFO') return 'no-revinfo';
  if (code === 'STALE_REVOCATION_INFO') return 'stale';
  return 'invalid';
}

/** The path validation input of a case, as the suite's notes give it. */
export function pathInput(c: PkitsCase): PathValidationInput {
  return {
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
  };
}

export function run(c: PkitsCase): { got: Outcome; message: string } {
  const result = validatePath(pathInput(c));
  return {
    got: outcome(result.valid, result.reason?.code),
    message: result.reason ? `${result.reason.code}: ${result.reason.message}` : 'valid',
  };
}

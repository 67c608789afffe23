/**
 * One reading of CRLs (issue 15): every PKITS case about revocation (4.4 basic CRL processing,
 * 4.14 distribution points and indirect CRLs, 4.15 delta CRLs, and every other case PKITS expects
 * to fail for revocation) goes through both entry points, and both must give the same answer:
 * - path validation: validatePath with the CRLs (what `signet cert verify` and time-stamp
 *   authority checks run);
 * - signature validation: the path found without CRLs (as verification/certificate-validation.ts
 *   finds it), then each certificate's status from revocationEvidence (what checkRevocation asks
 *   for every certificate of a signer's path), from the trust anchor down, as path validation
 *   checks them.
 */
import { validatePath } from '../../src/core/validation';
import { parseCertificates } from '../../src/verification/certificates';
import { verificationContext } from '../../src/verification/context';
import { revocationEvidence } from '../../src/verification/revocation-evidence';
import {
  cases,
  expected,
  pathInput,
  run,
  section,
  TIME,
  type Outcome,
  type PkitsCase,
} from './pkits-cases';

const CRL_SECTIONS = ['404', '414', '415'];

const revocationCases = cases.filter(
  (c) =>
    c.revocation !== false &&
    (CRL_SECTIONS.includes(c.id.slice(0, 3)) ||
      ['revoked', 'no-revinfo', 'stale'].includes(expected(c))),
);

/** The answer of the signature-validation path, in the terms of path validation. */
function bySignatureValidation(c: PkitsCase): { got: Outcome; message: string } {
  const input = pathInput(c);
  const path = validatePath({ ...input, crls: [], requireRevocation: false });
  if (!path.valid || !path.chain) {
    return { got: 'invalid', message: `${path.reason?.code}: ${path.reason?.message}` };
  }
  const chain = parseCertificates(path.chain);
  const ctx = verificationContext(TIME, input.trustAnchors, input.untrusted, input.crls, []);
  for (let i = chain.length - 2; i >= 0; i--) {
    const status = revocationEvidence(ctx, chain.slice(i), TIME, TIME);
    if (status.kind === 'revoked') {
      return {
        got: 'revoked',
        message: `REVOKED: revoked at ${status.revocationDate.toISOString()} (${status.reason})`,
      };
    }
    if (status.kind === 'unknown') {
      const ids = status.reasons.map((r) => r.id);
      return { got: ids.includes('crl.stale') ? 'stale' : 'no-revinfo', message: ids.join(', ') };
    }
  }
  return { got: 'valid', message: 'valid' };
}

describe('PKITS revocation cases through path validation and signature validation', () => {
  const seen = new Set<Outcome>();

  it('covers the CRL sections and every kind of answer', () => {
    const inCrlSections = revocationCases.filter((c) => CRL_SECTIONS.includes(c.id.slice(0, 3)));
    expect(inCrlSections).toHaveLength(21 + 35 + 10);
    // A test that compared two constant answers would pass too: the cases must tell them apart.
    for (const c of revocationCases) seen.add(expected(c));
    expect([...seen].sort()).toEqual(['no-revinfo', 'revoked', 'stale', 'valid']);
  });

  describe.each(revocationCases.map((c) => [`${section(c)} ${c.name}`, c] as const))(
    '%s',
    (_, c) => {
      it('gets the same answer from both', () => {
        const byPath = run(c);
        const bySignature = bySignatureValidation(c);
        expect(`${bySignature.got}: ${bySignature.message}`).toMatch(
          new RegExp(`^${byPath.got}: `),
        );
        if (byPath.got === 'revoked') {
          // The same entry: the revocation date path validation names.
          const date = /revoked at (\S+) /.exec(bySignature.message)?.[1] ?? 'none';
          expect(byPath.message).toContain(date);
        }
      });
    },
  );
});

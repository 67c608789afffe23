/**
 * NIST PKITS (Public Key Interoperability Test Suite, "Test Certificates 2011") through
 * validatePath, as the suite's notes say to run it (test/conformance/suites/README.md): trust anchor
 * TrustAnchorRootCertificate.crt, TrustAnchorRootCRL.crl always added, validation at 2022-05-01,
 * revocation required unless the case says `revocation: false`. Legacy algorithms are enabled
 * because 4.1.4-4.1.6 are DSA with SHA-1 paths (Signet accepts SHA-1 only on request).
 *
 * Sections 4.1-4.7, 4.13 and 4.14 must all pass, with the kind of failure PKITS expects
 * (revoked, no revocation information, stale revocation information, or another path error).
 * Every case of the other sections is listed in OTHER_SECTIONS with Signet's present outcome, so
 * that any change of behaviour there fails a test too, for better or worse.
 */
import { rate } from './helpers';
import { cases, expected, run, section, type Outcome, type PkitsCase } from './pkits-cases';

const REQUIRED_SECTIONS = ['401', '402', '403', '404', '405', '406', '407', '413', '414'];

/** Signet's outcome is the one PKITS expects. */
const PASS = 'pass';

/**
 * Every case of the other sections (4.8-4.12 policies, 4.15 delta CRLs, 4.16 private extensions),
 * by name: PASS, or the outcome Signet gives instead and, in the comment above it, why.
 */
const OTHER_SECTIONS: Record<string, typeof PASS | { got: Outcome }> = {
  // 4.8 Certificate Policies
  all_certs_same_policy_test1_norestr: PASS,
  all_certs_same_policy_test1_explicit_policy: PASS,
  all_certs_same_policy_test1_with_constraints1: PASS,
  all_certs_same_policy_test1_with_constraint_mismatch: PASS,
  all_certs_same_policy_test1_with_constraint_mismatch_ignored: PASS,
  all_certs_same_policy_test1_with_constraints2: PASS,
  all_certificates_no_policies_test2: PASS,
  all_certificates_no_policies_test2_force_explicit: PASS,
  different_policies_test3: PASS,
  different_policies_test3_force_explicit: PASS,
  different_policies_test3_force_explicit_with_user_set: PASS,
  different_policies_test4: PASS,
  different_policies_test5: PASS,
  overlapping_policies_test6: PASS,
  overlapping_policies_test6_with_testpol1: PASS,
  overlapping_policies_test6_with_testpol2: PASS,
  overlapping_policies_test6_with_testpol2_explicit: PASS,
  different_policies_test7: PASS,
  different_policies_test8: PASS,
  different_policies_test9: PASS,
  all_certificates_same_policies_test10: PASS,
  all_certificates_same_policies_test10_with_testpol1: PASS,
  all_certificates_same_policies_test10_with_testpol2: PASS,
  all_certificates_any_policy_test11: PASS,
  all_certificates_any_policy_test11_constrained: PASS,
  different_policies_test12: PASS,
  all_certificates_same_policies_test13: PASS,
  all_certificates_same_policies_test13_with_testpol1: PASS,
  all_certificates_same_policies_test13_with_testpol2: PASS,
  all_certificates_same_policies_test13_with_testpol3: PASS,
  all_certificates_same_policies_test13_with_testpol1_2: PASS,
  any_policy_test14: PASS,
  any_policy_test14_with_testpol1: PASS,
  any_policy_test14_with_testpol1_2: PASS,
  any_policy_test14_with_testpol2: PASS,
  // 4.9 Require Explicit Policy
  valid_require_explicit_policy_test1: PASS,
  valid_require_explicit_policy_test2: PASS,
  invalid_require_explicit_policy_test3: PASS,
  valid_require_explicit_policy_test4: PASS,
  invalid_require_explicit_policy_test5: PASS,
  valid_self_issued_require_explicit_policy_test6: PASS,
  invalid_self_issued_require_explicit_policy_test7: PASS,
  invalid_self_issued_require_explicit_policy_test8: PASS,
  // 4.10 Policy Mappings
  valid_policy_mapping_test2_with_testpol1: PASS,
  valid_policy_mapping_test2_with_testpol2: PASS,
  valid_policy_mapping_test2_inhibit_mapping: PASS,
  valid_policy_mapping_test2_inhibit_mapping_testpol1: PASS,
  invalid_policy_mapping_test2: PASS,
  invalid_policy_mapping_test2_inhibit_mapping: PASS,
  valid_policy_mapping_test3_with_testpol1: PASS,
  valid_policy_mapping_test3_with_testpol2: PASS,
  invalid_policy_mapping_test4: PASS,
  valid_policy_mapping_test5_with_testpol1: PASS,
  valid_policy_mapping_test5_with_testpol6: PASS,
  valid_policy_mapping_test6_with_testpol1: PASS,
  valid_policy_mapping_test6_with_testpol6: PASS,
  invalid_mapping_from_any_policy_test7: PASS,
  invalid_mapping_to_any_policy_test8: PASS,
  valid_policy_mapping_test9: PASS,
  invalid_policy_mapping_test10: PASS,
  valid_policy_mapping_test11: PASS,
  valid_policy_mapping_test13: PASS,
  valid_policy_mapping_test14: PASS,
  // 4.11 Inhibit Policy Mapping
  invalid_inhibit_policy_mapping_test1: PASS,
  valid_inhibit_policy_mapping_test2: PASS,
  invalid_inhibit_policy_mapping_test3: PASS,
  valid_inhibit_policy_mapping_test4: PASS,
  invalid_inhibit_policy_mapping_test5: PASS,
  invalid_inhibit_policy_mapping_test6: PASS,
  valid_self_issued_inhibit_policy_mapping_test7: PASS,
  invalid_self_issued_inhibit_policy_mapping_test8: PASS,
  invalid_self_issued_inhibit_policy_mapping_test9: PASS,
  invalid_self_issued_inhibit_policy_mapping_test10: PASS,
  invalid_self_issued_inhibit_policy_mapping_test11: PASS,
  // 4.12 Inhibit Any Policy
  invalid_inhibit_any_policy_test1: PASS,
  valid_inhibit_any_policy_test2: PASS,
  inhibit_any_policy_test3: PASS,
  inhibit_any_policy_test3_initial_inhibit: PASS,
  invalid_inhibit_any_policy_test4: PASS,
  invalid_inhibit_any_policy_test5: PASS,
  invalid_inhibit_any_policy_test6: PASS,
  valid_self_issued_inhibit_any_policy_test7: PASS,
  invalid_self_issued_inhibit_any_policy_test8: PASS,
  valid_self_issued_inhibit_any_policy_test9: PASS,
  invalid_self_issued_inhibit_any_policy_test10: PASS,
  // 4.15 Delta-CRLs
  invalid_deltacrlindicator_no_base_set_test1: PASS,
  valid_deltacrl_test2: PASS,
  invalid_deltacrl_test3: PASS,
  invalid_deltacrl_test4: PASS,
  valid_deltacrl_test5: PASS,
  invalid_deltacrl_test6: PASS,
  valid_deltacrl_test7: PASS,
  valid_deltacrl_test8: PASS,
  invalid_deltacrl_test9: PASS,
  // Same verdict (not valid), another kind: the complete CRL is out of date, which Signet reports as
  // STALE_REVOCATION_INFO where PKITS expects insufficient revocation information.
  invalid_deltacrl_test10: { got: 'stale' },
  // 4.16 Private Certificate Extensions
  valid_unknown_not_critical_certificate_extension_test1: PASS,
  invalid_unknown_critical_certificate_extension_test2: PASS,
};

const isRequired = (c: PkitsCase): boolean => REQUIRED_SECTIONS.includes(c.id.slice(0, 3));
const required = cases.filter(isRequired);
const others = cases.filter((c) => !isRequired(c));

/** What this test holds Signet to: PKITS's outcome, or for a listed difference Signet's own. */
function wanted(c: PkitsCase): Outcome | undefined {
  if (isRequired(c)) return expected(c);
  const listed = OTHER_SECTIONS[c.name];
  if (listed === undefined) return undefined;
  return listed === PASS ? expected(c) : listed.got;
}

describe('PKITS', () => {
  const passed = { required: 0, others: 0 };
  afterAll(() => {
    console.log(`PKITS 4.1-4.7,4.13,4.14: ${rate(passed.required, required.length)}`);
    console.log(
      `PKITS other sections (4.8-4.12 policies, 4.15 delta CRLs, 4.16): ${rate(passed.others, others.length)}`,
    );
  });

  it('lists every case of the other sections, and nothing else', () => {
    expect(Object.keys(OTHER_SECTIONS).sort()).toEqual(others.map((c) => c.name).sort());
  });

  describe.each(cases.map((c) => [`${section(c)} ${c.name}`, c] as const))('%s', (_, c) => {
    const want = wanted(c);
    it(
      want === expected(c)
        ? `reports ${want}`
        : `reports ${want} where PKITS expects ${expected(c)}`,
      () => {
        const { got, message } = run(c);
        expect(`${got}: ${message}`).toMatch(new RegExp(`^${want}: `));
        if (got === expected(c)) passed[isRequired(c) ? 'required' : 'others']++;
      },
    );
  });
});

/**
 * authorizeResponder (RFC 6960 4.2.2.2) over a response OpenSSL's responder made for an OpenSSL
 * PKI, signed by a delegated responder: each signature it checks (the delegation, the response) is
 * drawn from the verification request's work budget (issue 14), and none is made once it is spent.
 */
import {
  authorizeResponder,
  parseOcspResponse,
  type OcspResponseView,
} from '../../../src/core/ocsp';
import {
  DEFAULT_WORK_LIMITS,
  parseCertificates,
  WorkBudget,
  type CertView,
  type RevocationSources,
} from '../../../src/core/validation';
import { makeOpensslPki, type TestPki } from '../../helpers/openssl';
import { makeOcspResponse } from '../../helpers/openssl-ocsp';

describe('authorizeResponder with the request work budget', () => {
  let pki: TestPki;
  let response: OcspResponseView;
  let issuerPath: CertView[];
  let sources: RevocationSources;

  beforeAll(() => {
    pki = makeOpensslPki('ec');
    const der = makeOcspResponse(pki);
    const parsed = parseOcspResponse(der);
    if (parsed.status !== 'successful') throw new Error('OpenSSL made no successful response');
    response = { der, basic: parsed.basic };
    issuerPath = parseCertificates([pki.issuing.certDer, pki.root.certDer]);
    sources = { trustAnchors: [pki.root.certDer], certificates: [], crls: [] };
  });

  const authorize = (budget: WorkBudget) =>
    authorizeResponder(response, issuerPath, [], sources, new Date(), budget);
  const allowing = (signatureChecks: number) =>
    new WorkBudget({ ...DEFAULT_WORK_LIMITS, signatureChecks });

  it('accepts the delegated responder, drawing its two signature checks from the budget', () => {
    const budget = new WorkBudget();
    const check = authorize(budget);
    expect(check).toMatchObject({ accepted: true });
    if (check.accepted) expect(check.responder.subject.text).toContain('OCSP');
    expect(budget.usedOf('signatureChecks')).toBe(2);
  });

  it("refuses it when the budget stops before the response's signature, saying so", () => {
    const budget = allowing(1);
    const check = authorize(budget);
    expect(check.accepted).toBe(false);
    if (!check.accepted) expect(check.reason).toContain('work limit (1 signature checks)');
    expect(budget.exhaustedBy).toBe('signatureChecks');
  });

  it('refuses it when the budget allows no check of the delegation, saying so', () => {
    const check = authorize(allowing(0));
    expect(check.accepted).toBe(false);
    if (!check.accepted) {
      expect(check.reason).toContain('work limit (0 signature checks)');
      expect(check.reason).toContain('before the certificate of its signer');
    }
  });
});

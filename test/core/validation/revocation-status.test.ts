/**
 * revocationStatusAt: the CRL reading of path validation, asked about one certificate of a path at
 * a past time, as signature validation asks (ETSI EN 319 102-1 5.2.5): which CRLs count, what a
 * revocation date says, and which of two CRLs decides a hold.
 */
import {
  CrlView,
  DEFAULT_WORK_LIMITS,
  parseCertificates,
  revocationStatusAt,
  validatePath,
  WorkBudget,
  type RevocationOptions,
} from '../../../src/core/validation';
import { crl, pki, type Party } from './fixtures';

const AT = new Date('2030-06-01T00:00:00Z');
const KEY_COMPROMISE = 1;
const CERTIFICATE_HOLD = 6;

function statusOfLeaf(
  p: { root: Party; ca: Party; leaf: Party },
  crls: Uint8Array[],
  options: RevocationOptions = {},
) {
  return revocationStatusAt(
    parseCertificates([p.leaf.der, p.ca.der, p.root.der]),
    { trustAnchors: [p.root.der], certificates: [p.ca.der], crls: crls.map(CrlView.parse) },
    AT,
    options,
  );
}

/** The same question through path validation, with the root's CRL for the issuing CA. */
function pathWith(p: { root: Party; ca: Party; leaf: Party }, crls: Uint8Array[]) {
  return validatePath({
    target: p.leaf.der,
    trustAnchors: [p.root.der],
    untrusted: [p.ca.der],
    crls: [crl(p.root), ...crls],
    time: AT,
  });
}

describe('revocationStatusAt', () => {
  describe('when the only CRL was issued after the time asked about', () => {
    const later = { thisUpdate: new Date('2031-01-01Z'), nextUpdate: new Date('2031-02-01Z') };

    it('says nothing by default: the CRL is not current at the time (STALE_REVOCATION_INFO)', () => {
      const p = pki();
      const status = statusOfLeaf(p, [crl(p.ca, later)]);
      expect(status).toMatchObject({ kind: 'unknown', code: 'STALE_REVOCATION_INFO' });
    });

    it('counts it as current when issuedBy reaches it: it would list an earlier revocation', () => {
      const p = pki();
      const status = statusOfLeaf(p, [crl(p.ca, later)], { issuedBy: new Date('2031-06-01Z') });
      expect(status.kind).toBe('good');
    });

    it('does not count it when issuedBy is before it was issued', () => {
      const p = pki();
      const status = statusOfLeaf(p, [crl(p.ca, later)], { issuedBy: new Date('2030-12-01Z') });
      expect(status.kind).toBe('unknown');
    });

    it('gives the date of a revocation it lists, also one after the time asked about', () => {
      const p = pki();
      const revokedOn = new Date('2030-09-01T00:00:00Z');
      const listing = crl(p.ca, {
        ...later,
        revoked: [{ serial: 3, reason: KEY_COMPROMISE, date: revokedOn }],
      });
      const status = statusOfLeaf(p, [listing], { issuedBy: new Date('2031-06-01Z') });
      expect(status).toMatchObject({ kind: 'revoked', revocationDate: revokedOn });
      expect(status.kind === 'revoked' && status.reason).toBe('keyCompromise');
    });
  });

  describe('when the only CRL is out of date', () => {
    const old = { thisUpdate: new Date('2020-01-01Z'), nextUpdate: new Date('2021-01-01Z') };

    it('still reports a revocation it lists: an authentic revocation stands', () => {
      const p = pki();
      const status = statusOfLeaf(p, [crl(p.ca, { ...old, revoked: [{ serial: 3 }] })]);
      expect(status.kind).toBe('revoked');
    });

    it('reports STALE_REVOCATION_INFO when it does not list the certificate', () => {
      const p = pki();
      expect(statusOfLeaf(p, [crl(p.ca, old)])).toMatchObject({
        kind: 'unknown',
        code: 'STALE_REVOCATION_INFO',
      });
    });
  });

  describe('when an older CRL puts the certificate on hold', () => {
    const holding = (p: { ca: Party }, thisUpdate: string) =>
      crl(p.ca, {
        thisUpdate: new Date(thisUpdate),
        revoked: [{ serial: 3, reason: CERTIFICATE_HOLD }],
      });

    it('is good when a newer CRL no longer lists it, through both entry points', () => {
      const p = pki();
      const crls = [holding(p, '2030-01-01Z'), crl(p.ca, { thisUpdate: new Date('2030-05-01Z') })];
      expect(statusOfLeaf(p, crls).kind).toBe('good');
      const path = pathWith(p, crls);
      expect(path.valid).toBe(true);
    });

    it('is revoked when the newer CRL is the one that lists it, through both entry points', () => {
      const p = pki();
      const crls = [crl(p.ca, { thisUpdate: new Date('2030-01-01Z') }), holding(p, '2030-05-01Z')];
      expect(statusOfLeaf(p, crls)).toMatchObject({ kind: 'revoked', reason: 'certificateHold' });
      const path = pathWith(p, crls);
      expect(path.reason?.code).toBe('REVOKED');
    });
  });

  describe("when the only CRL is another CA's", () => {
    it('gives no status (NO_REVOCATION_INFO)', () => {
      const p = pki();
      const rootCrl = crl(p.root, { revoked: [{ serial: 3 }] });
      expect(statusOfLeaf(p, [rootCrl])).toMatchObject({
        kind: 'unknown',
        code: 'NO_REVOCATION_INFO',
      });
    });
  });

  describe("when given the verification request's work budget", () => {
    it('draws the CRL signature check from it, and still reads the revocation', () => {
      const p = pki();
      const budget = new WorkBudget();
      const status = statusOfLeaf(p, [crl(p.ca, { revoked: [{ serial: 3 }] })], { budget });
      expect(status.kind).toBe('revoked');
      expect(budget.usedOf('signatureChecks')).toBeGreaterThanOrEqual(1);
    });

    it('gives no status once the budget allows no signature check, not "good"', () => {
      const p = pki();
      const budget = new WorkBudget({ ...DEFAULT_WORK_LIMITS, signatureChecks: 0 });
      const status = statusOfLeaf(p, [crl(p.ca)], { budget });
      expect(status.kind).toBe('unknown');
      expect(budget.exhaustedBy).toBe('signatureChecks');
      // The same CRL with a budget to spare is read as good.
      expect(statusOfLeaf(p, [crl(p.ca)], { budget: new WorkBudget() }).kind).toBe('good');
    });
  });
});

/**
 * validatePath on hard cases built in memory (fixtures.ts): each describe names the situation,
 * each test the code it reports. The conformance suites (test/conformance) cover breadth.
 */
import * as oid from '../../../src/core/oid';
import { validatePath, WorkBudget, type PathValidationInput } from '../../../src/core/validation';
import { KU, YEAR_2040, crl, issue, party, pki, unknownExtension, type Party } from './fixtures';

const AT = new Date('2030-06-01T00:00:00Z');

function input(
  p: { root: Party; ca: Party; leaf: Party },
  more: Partial<PathValidationInput> = {},
) {
  return {
    target: p.leaf.der,
    trustAnchors: [p.root.der],
    untrusted: [p.ca.der],
    crls: [],
    time: AT,
    ...more,
  };
}

describe('validatePath', () => {
  describe('when the chain is sound', () => {
    it('reports valid with the chain from target to trust anchor', () => {
      const p = pki();
      const result = validatePath(input(p, { requiredEkus: [oid.OID_KP_DOCUMENT_SIGNING] }));
      expect(result.valid).toBe(true);
      expect(result.chain).toEqual([p.leaf.der, p.ca.der, p.root.der]);
      expect(result.reason).toBeUndefined();
    });
  });

  describe('when the target is not DER', () => {
    it('reports MALFORMED instead of throwing', () => {
      const p = pki();
      for (const target of [
        new Uint8Array([0x30, 0x82, 0x01]),
        new Uint8Array(0),
        p.leaf.der.subarray(0, 40),
      ]) {
        const result = validatePath(input(p, { target }));
        expect(result.valid).toBe(false);
        expect(result.reason?.code).toBe('MALFORMED');
      }
    });
  });

  describe('when an extension of the target is not DER', () => {
    it('reports MALFORMED', () => {
      const p = pki();
      issue(p.leaf, p.ca, { serial: 3, rawSan: new TextEncoder().encode('example.com') });
      expect(validatePath(input(p)).reason?.code).toBe('MALFORMED');
    });
  });

  describe('when the validation time is not a date', () => {
    it('reports MALFORMED', () => {
      expect(validatePath(input(pki(), { time: new Date('nonsense') })).reason?.code).toBe(
        'MALFORMED',
      );
    });
  });

  describe('when the signer certificate has expired or is not yet valid', () => {
    it('reports EXPIRED and NOT_YET_VALID', () => {
      const p = pki();
      expect(validatePath(input(p, { time: new Date('2041-01-01Z') })).reason?.code).toBe(
        'EXPIRED',
      );
      expect(validatePath(input(p, { time: new Date('2019-01-01Z') })).reason?.code).toBe(
        'NOT_YET_VALID',
      );
    });
  });

  describe('when the issuing CA was revoked and revocation is required', () => {
    it('reports REVOKED for the CA', () => {
      const p = pki();
      const result = validatePath(
        input(p, { crls: [crl(p.root, { revoked: [{ serial: 2, reason: 1 }] }), crl(p.ca)] }),
      );
      expect(result.reason?.code).toBe('REVOKED');
      expect(result.reason?.message).toContain('Issuing CA');
      expect(result.reason?.message).toContain('keyCompromise');
    });
  });

  describe('when a CRL entry is certificateHold', () => {
    it('reports REVOKED', () => {
      const p = pki();
      const crls = [crl(p.root), crl(p.ca, { revoked: [{ serial: 3, reason: 6 }] })];
      expect(validatePath(input(p, { crls })).reason?.code).toBe('REVOKED');
    });
  });

  describe('when a CRL entry is removeFromCRL', () => {
    it('reports valid: the hold was lifted', () => {
      const p = pki();
      const crls = [crl(p.root), crl(p.ca, { revoked: [{ serial: 3, reason: 8 }] })];
      expect(validatePath(input(p, { crls })).valid).toBe(true);
    });
  });

  describe('when CRLs are given but none covers the issuing CA', () => {
    it('reports NO_REVOCATION_INFO', () => {
      const p = pki();
      const result = validatePath(input(p, { crls: [crl(p.ca)] }));
      expect(result.reason?.code).toBe('NO_REVOCATION_INFO');
    });

    it('reports valid when revocation is not required', () => {
      const p = pki();
      expect(validatePath(input(p, { crls: [crl(p.ca)], requireRevocation: false })).valid).toBe(
        true,
      );
    });
  });

  describe('when the only CRL is past its nextUpdate', () => {
    it('reports STALE_REVOCATION_INFO', () => {
      const p = pki();
      const stale = crl(p.ca, { nextUpdate: new Date('2025-01-01Z') });
      expect(validatePath(input(p, { crls: [crl(p.root), stale] })).reason?.code).toBe(
        'STALE_REVOCATION_INFO',
      );
    });
  });

  describe('when the CRL issuer may not sign CRLs', () => {
    it('reports NO_REVOCATION_INFO', () => {
      const p = pki();
      issue(p.ca, p.root, { ca: true, serial: 2, keyUsage: KU.keyCertSign });
      const result = validatePath(input(p, { crls: [crl(p.root), crl(p.ca)] }));
      expect(result.reason?.code).toBe('NO_REVOCATION_INFO');
      expect(result.reason?.message).toContain('cRLSign');
    });
  });

  describe('when the CA constrains email names and the subject DN holds another address', () => {
    it('reports NAME_CONSTRAINTS', () => {
      const root = party('Root');
      const ca = party('Issuing CA');
      const leaf = party('Signer', { email: 'signer@elsewhere.example' });
      issue(root, root, { ca: true });
      issue(ca, root, { ca: true, serial: 2, permittedEmails: ['.gov.example'] });
      issue(leaf, ca, { serial: 3, emails: ['signer@dept.gov.example'] });
      const result = validatePath(input({ root, ca, leaf }));
      expect(result.reason?.code).toBe('NAME_CONSTRAINTS');
      expect(result.reason?.message).toContain('signer@elsewhere.example');
    });
  });

  describe('when document signing is required', () => {
    it('reports EKU for a certificate that only lists anyExtendedKeyUsage', () => {
      const p = pki();
      issue(p.leaf, p.ca, { serial: 3, ekus: [oid.OID_ANY_EXTENDED_KEY_USAGE] });
      const result = validatePath(input(p, { requiredEkus: [oid.OID_KP_DOCUMENT_SIGNING] }));
      expect(result.reason?.code).toBe('EKU');
    });
  });

  describe('when one of two certificates of the issuing CA was revoked', () => {
    it('reports valid through the other and keeps the revoked candidate in attempts', () => {
      const p = pki();
      const revokedCopy = issue(p.ca, p.root, { ca: true, serial: 7 });
      const goodCopy = issue(p.ca, p.root, { ca: true, serial: 2 });
      const crls = [crl(p.root, { revoked: [{ serial: 7 }] }), crl(p.ca)];
      const result = validatePath(input(p, { untrusted: [revokedCopy, goodCopy], crls }));
      expect(result.valid).toBe(true);
      expect(result.chain?.[1]).toEqual(goodCopy);
      expect(result.attempts.map((a) => a.reason.code)).toEqual(['REVOKED']);
    });
  });

  describe('when the intermediate is missing', () => {
    it('reports NO_PATH naming the certificate whose issuer was not found', () => {
      const p = pki();
      const result = validatePath(input(p, { untrusted: [] }));
      expect(result.reason?.code).toBe('NO_PATH');
      expect(result.reason?.message).toContain('Issuing CA');
      expect(result.attempts[0]?.chain).toEqual(['CN=Signer']);
    });
  });

  describe('when a CA between signer and root is not a CA', () => {
    it('reports BASIC_CONSTRAINTS and the candidate in attempts', () => {
      const p = pki();
      issue(p.ca, p.root, { ca: false, serial: 2, keyUsage: KU.digitalSignature });
      const result = validatePath(input(p));
      expect(result.reason?.code).toBe('BASIC_CONSTRAINTS');
      expect(result.attempts).toEqual([
        {
          chain: ['CN=Signer', 'CN=Issuing CA', 'CN=Root'],
          reason: expect.objectContaining({ code: 'BASIC_CONSTRAINTS' }),
        },
      ]);
    });
  });

  describe('when the signer certificate carries an unknown critical extension', () => {
    it('reports UNKNOWN_CRITICAL_EXTENSION', () => {
      const p = pki();
      issue(p.leaf, p.ca, { serial: 3, extra: [unknownExtension(true)] });
      expect(validatePath(input(p)).reason?.code).toBe('UNKNOWN_CRITICAL_EXTENSION');
    });
  });

  describe('when a certificate is signed with SHA-1', () => {
    it('reports UNSUPPORTED_ALGORITHM unless legacy algorithms are allowed', () => {
      const p = pki();
      issue(p.leaf, p.ca, { serial: 3, hash: 'sha1' });
      expect(validatePath(input(p)).reason?.code).toBe('UNSUPPORTED_ALGORITHM');
      expect(validatePath(input(p, { legacyAlgorithms: true })).valid).toBe(true);
    });
  });

  describe('when the signer has a 1024-bit RSA key', () => {
    it('reports WEAK_KEY', () => {
      const p = pki();
      const weak = party('Signer', { rsaBits: 1024 });
      issue(weak, p.ca, { serial: 3 });
      expect(validatePath(input({ ...p, leaf: weak })).reason?.code).toBe('WEAK_KEY');
    });
  });

  describe('when garbage is given beside the real certificates and CRLs', () => {
    it('ignores it and reports valid', () => {
      const p = pki();
      const junk = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]);
      const result = validatePath(
        input(p, {
          untrusted: [junk, p.ca.der],
          crls: [junk, crl(p.root), crl(p.ca)],
          trustAnchors: [junk, p.root.der],
        }),
      );
      expect(result.valid).toBe(true);
    });
  });

  describe('when the untrusted pool is a web of same-named CAs that never reaches a root', () => {
    it('reports LIMIT_EXCEEDED quickly', () => {
      const root = party('Root');
      issue(root, root, { ca: true });
      const cas = Array.from({ length: 12 }, () => party('Loop CA'));
      // Every CA certifies every other one under the same name: a dense graph with no anchor.
      const untrusted = cas.flatMap((subject, i) =>
        cas
          .filter((issuer) => issuer !== subject)
          .map((issuer, j) => issue(subject, issuer, { ca: true, serial: i * 12 + j + 10 })),
      );
      const leaf = party('Signer');
      issue(leaf, cas[0] ?? leaf, { serial: 3 });
      // CPU time of this synchronous call: its own work, whatever else shares the machine.
      const started = process.cpuUsage();
      const result = validatePath({
        target: leaf.der,
        trustAnchors: [root.der],
        untrusted,
        crls: [],
        time: AT,
      });
      const used = process.cpuUsage(started);
      expect((used.user + used.system) / 1000).toBeLessThan(2000);
      expect(result.reason?.code).toBe('LIMIT_EXCEEDED');
    });
  });

  describe('when calls share one work budget (one verification request)', () => {
    it('refuses further paths once a crowd of same-named CAs has spent it', () => {
      const root = party('Root');
      issue(root, root, { ca: true });
      const crowd = Array.from({ length: 200 }, () => party('Crowded CA'));
      crowd.forEach((ca, i) => issue(ca, ca, { ca: true, serial: i + 10 }));
      const leaf = party('Signer');
      issue(leaf, crowd[0] ?? leaf, { serial: 3 });
      const budget = new WorkBudget();
      const crowded = validatePath({
        target: leaf.der,
        trustAnchors: [root.der],
        untrusted: crowd.map((ca) => ca.der),
        crls: [],
        time: AT,
        budget,
      });
      expect(crowded.reason?.code).toBe('LIMIT_EXCEEDED');
      expect(crowded.reason?.message).toContain('4000 path search steps');
      // Each search step paid for the 200 candidates it weighed: few steps were taken.
      expect(budget.usedOf('builderSteps')).toBeGreaterThan(4000);
      expect(budget.usedOf('builderSteps')).toBeLessThan(4000 + 202);
      const p = pki();
      const after = validatePath(input(p, { budget }));
      expect(after.reason?.code).toBe('LIMIT_EXCEEDED');
      expect(after.reason?.message).toContain('before validating');
      expect(validatePath(input(p, { budget: new WorkBudget() })).valid).toBe(true);
    });
  });

  describe('when the trust anchor itself is the target', () => {
    it('reports valid with a chain of one', () => {
      const p = pki();
      const result = validatePath(input(p, { target: p.root.der }));
      expect(result.valid).toBe(true);
      expect(result.chain).toEqual([p.root.der]);
    });
  });

  describe('when the caller limits the depth', () => {
    it('reports NO_PATH when the only path is longer', () => {
      const result = validatePath(input(pki(), { maxDepth: 0 }));
      expect(result.reason?.code).toBe('NO_PATH');
      expect(result.reason?.message).toContain('within 0 intermediate');
    });
  });

  describe('when the trust anchor expired', () => {
    it('reports EXPIRED for the anchor', () => {
      const p = pki();
      issue(p.root, p.root, { ca: true, notAfter: new Date('2029-01-01Z') });
      issue(p.ca, p.root, { ca: true, serial: 2, notAfter: YEAR_2040 });
      issue(p.leaf, p.ca, { serial: 3 });
      const result = validatePath(input(p));
      expect(result.reason?.code).toBe('EXPIRED');
      expect(result.reason?.message).toContain('Root');
    });
  });
});

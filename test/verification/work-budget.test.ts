/**
 * The work budget of one verification request (issue 14 item 1), in process: a crowd of CA
 * certificates named like the signer's issuer, carried by many signers, costs a bounded amount of
 * work for the request as a whole; copies of one SignerInfo are validated once; a signature with
 * more than MAX_CERTIFICATES certificates is refused before they are decoded.
 */
import { DEFAULT_WORK_LIMITS, WorkBudget } from '../../src/core/validation';
import { documentFromBytes, standaloneVerificationDeps, verify } from '../../src/verification';
import { MAX_CERTIFICATES } from '../../src/verification/certificates';
import { verificationContext } from '../../src/verification/context';
import { reason } from '../../src/verification/reasons';
import { checkTimeStampToken, type TimeStamped } from '../../src/verification/timestamp';
import type { VerificationReport } from '../../src/verification';
import { issue, party } from '../core/validation/fixtures';
import { hostileRequest, type HostileRequestOptions } from '../helpers/hostile-cms';

const NOW = new Date('2031-01-01T00:00:00Z');

/** The report, and the CPU time (ms) of the call: its own work, whatever else shares the machine. */
async function verifyHostile(
  options: HostileRequestOptions,
): Promise<{ report: VerificationReport; cpuMs: number }> {
  const request = await hostileRequest(options);
  const root = party('Unrelated Root');
  issue(root, root, { ca: true });
  const deps = standaloneVerificationDeps([root.der], { now: () => NOW });
  const started = process.cpuUsage();
  const report = await verify(deps, {
    signature: request.signature,
    document: documentFromBytes(request.document),
  });
  const used = process.cpuUsage(started);
  return { report, cpuMs: (used.user + used.system) / 1000 };
}

const checkIds = (report: VerificationReport, index: number): string[] =>
  (report.signatures[index]?.checks ?? []).map((c) => `${c.id}:${c.reason.id}`);

describe('verify with a work budget per request', () => {
  describe('when 16 different signers bring a crowd of same-named CAs', () => {
    it('stops at the request budget and says so for the signatures it did not check', async () => {
      const { report, cpuMs } = await verifyHostile({
        signers: 16,
        cas: MAX_CERTIFICATES - 1,
        hostileExponents: false,
        distinctSigners: true,
      });
      expect(report.indication).toBe('INDETERMINATE');
      expect(report.signatures).toHaveLength(16);
      // The first signer's path search spends the request's path budget...
      expect(checkIds(report, 0)).toContain('certificate_chain:chain.invalid');
      expect(
        report.signatures[0]?.checks.find((c) => c.id === 'certificate_chain')?.message,
      ).toContain("Signet's work limit");
      // ...so the last signer gets no path search of its own: the budget is the request's.
      const last = report.signatures[15];
      expect(last?.subIndication).toBe('SIG_CONSTRAINTS_FAILURE');
      expect(checkIds(report, 15).some((c) => c.endsWith('budget.exhausted'))).toBe(true);
      expect(cpuMs).toBeLessThan(3000);
    });
  });

  describe('when one SignerInfo comes 16 times', () => {
    it('validates it once and reports each copy alike', async () => {
      const { report } = await verifyHostile({ signers: 16, cas: 3, hostileExponents: false });
      expect(report.signatures).toHaveLength(16);
      for (const signature of report.signatures) expect(signature).toEqual(report.signatures[0]);
      // One validation, so the budget never ran out: no copy says it was left unchecked.
      expect(JSON.stringify(report)).not.toContain('budget.exhausted');
    });
  });

  describe('when the signature carries more certificates than Signet reads', () => {
    it('refuses it before decoding them', async () => {
      const { report, cpuMs } = await verifyHostile({
        signers: 16,
        cas: MAX_CERTIFICATES,
        hostileExponents: false,
      });
      expect(report.indication).toBe('INDETERMINATE');
      expect(report.subIndication).toBe('FORMAT_FAILURE');
      expect(report.summaryReason).toEqual({
        id: 'summary.unreadable',
        params: {
          why: {
            id: 'unreadable.too_many_certificates',
            params: { count: MAX_CERTIFICATES + 1, max: MAX_CERTIFICATES },
          },
        },
      });
      expect(cpuMs).toBeLessThan(200);
    });
  });

  describe('when the keys have 3000-bit public exponents', () => {
    it('refuses the signer key before computing with it', async () => {
      const { report } = await verifyHostile({ signers: 2, cas: 2, hostileExponents: true });
      const value = report.signatures[0]?.checks.find((c) => c.id === 'signature_value');
      expect(value?.reason.id).toBe('signature_value.unreliable_key');
      expect(value?.message).toContain('public exponent (3000 bits)');
      expect(report.signatures[0]?.subIndication).toBe('CRYPTO_CONSTRAINTS_FAILURE');
    });
  });

  describe('when a time-stamp token is checked', () => {
    const over: TimeStamped = {
      digestUnder: () => undefined,
      mismatch: reason('tst.other_signature'),
    };
    const tokenCarrying = async (cas: number): Promise<Uint8Array> =>
      (await hostileRequest({ signers: 1, cas, hostileExponents: false })).signature;

    it('refuses one carrying more certificates than Signet reads, before decoding them', async () => {
      const ctx = verificationContext(NOW, [], [], [], []);
      const check = checkTimeStampToken(ctx, await tokenCarrying(MAX_CERTIFICATES), over);
      expect(check.problem).toEqual(
        reason('tst.too_many_certificates', { count: MAX_CERTIFICATES + 1, max: MAX_CERTIFICATES }),
      );
      expect(check.failure?.check).toBe('format');
      // One certificate fewer is read (and, being no TimeStampToken, found unreadable).
      const within = checkTimeStampToken(ctx, await tokenCarrying(MAX_CERTIFICATES - 1), over);
      expect(within.problem?.id).toBe('tst.unreadable');
    });

    it("checks none once the request's budget allows no more validations", async () => {
      const ctx = verificationContext(NOW, [], [], [], []);
      ctx.budget = new WorkBudget({ ...DEFAULT_WORK_LIMITS, validations: 0 });
      const check = checkTimeStampToken(ctx, await tokenCarrying(2), over);
      expect(check.problem?.id).toBe('tst.budget_exhausted');
      expect(check.failure?.check).toBe('signature_value');
    });
  });
});

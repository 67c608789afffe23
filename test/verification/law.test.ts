/**
 * The law section of the report (issue 19): each condition of the Electronic Signature Law Art. 13
 * with each outcome it can have, from signatures made by a CA in the test process (keys in files,
 * or in SoftHSM), a changed document and PDF, a key the register shows certified twice, and a
 * signature Signet did not issue; the rules themselves on reports built by hand.
 */
import { parseSignedData } from '../../src/core/cms';
import { lawSection } from '../../src/verification/law';
import type { SignerKeyRecord } from '../../src/verification/ports';
import {
  documentFromBytes,
  localizeReport,
  standaloneVerificationDeps,
  verify,
  type LawOutcome,
  type SignatureReport,
  type VerificationReport,
} from '../../src/verification';
import { signPdf } from '../../src/signing/sign-pdf';
import { samplePdf } from '../helpers/sample-pdf';
import { softHsmToken } from '../helpers/softhsm';
import { tamperedPdfs } from '../helpers/tampered-pdfs';
import { alterWithin, detached, freshCa, type TestCa } from './fixtures';

const outcomes = (report: VerificationReport): Record<number, LawOutcome> =>
  Object.fromEntries(report.law.conditions.map((c) => [c.condition, c.outcome]));
const conditionOf = (report: VerificationReport, n: number) => {
  const found = report.law.conditions.find((c) => c.condition === n);
  if (!found) throw new Error(`no condition ${n}`);
  return found;
};

const content = new TextEncoder().encode('Notice 2031-17 of the finance bureau');

describe('the law section (Electronic Signature Law Art. 13)', () => {
  describe('with keys in Signet key files', () => {
    let ca: TestCa;
    let signature: Uint8Array;
    beforeAll(async () => {
      ca = await freshCa();
      await ca.department('finance');
      signature = (await ca.sign('finance', 'B-T', content)).signature;
    });
    afterAll(() => ca.close());

    it('finds the key bound to one department (1), cannot show sole control (2), and detects changes (3, 4)', async () => {
      const report = await ca.verify(detached(signature, content));
      expect(report.indication).toBe('TOTAL_PASSED');
      expect(outcomes(report)).toEqual({
        1: 'SATISFIED',
        2: 'CANNOT_BE_DETERMINED',
        3: 'SATISFIED',
        4: 'SATISFIED',
      });
      expect(conditionOf(report, 1).reason).toEqual({
        id: 'law.key_unique',
        params: { department: 'finance' },
      });
      expect(conditionOf(report, 2).reason.id).toBe('law.control_file_vault');
      expect(conditionOf(report, 3).reason.id).toBe('law.signature_protected_timestamped');
      expect(conditionOf(report, 3).checks).toEqual([
        'signature_value',
        'signing_certificate',
        'signature_timestamp',
      ]);
      expect(conditionOf(report, 4).checks).toEqual(['message_digest', 'signature_value']);
      expect(conditionOf(report, 4).signature).toBe(0);
    });

    it('says a changed document is detected: condition 4 NOT_SATISFIED, from the message digest', async () => {
      const changed = Uint8Array.from(content);
      changed[0] = (changed[0] ?? 0) ^ 1;
      const report = await ca.verify(detached(signature, changed));
      expect(report.subIndication).toBe('HASH_FAILURE');
      expect(conditionOf(report, 4)).toMatchObject({
        outcome: 'NOT_SATISFIED',
        checks: ['message_digest'],
        reason: { id: 'law.content_changed' },
      });
    });

    it('says a changed signature value is detected: condition 3 NOT_SATISFIED', async () => {
      const value = parseSignedData(signature).signerInfos[0]?.signature;
      if (!value) throw new Error('no signature value');
      const report = await ca.verify(detached(alterWithin(signature, value), content));
      expect(conditionOf(report, 3)).toMatchObject({
        outcome: 'NOT_SATISFIED',
        checks: ['signature_value'],
      });
    });

    it('cannot say whether the content is unchanged when only the signature is given', async () => {
      const report = await ca.verify({ signature });
      expect(conditionOf(report, 4)).toMatchObject({
        outcome: 'CANNOT_BE_DETERMINED',
        reason: { id: 'law.content_unchecked' },
      });
    });

    it('says NOT_SATISFIED for 1 and 2 when the register holds the same key for another department', async () => {
      const other = await ca.department('audit-office');
      const mine = ca.services.deps.certificates.findBySerial(other.serial)[0];
      const signer = ca.services.deps.certificates
        .list({ departmentId: 'finance', role: 'department' })
        .find((r) => r.status === 'issued');
      if (!mine || !signer?.publicKeySha256) throw new Error('no records');
      // A register from before issue.ts refused a shared key: the same SPKI for audit-office.
      const serial = 'AB' + 'CD'.repeat(9);
      ca.services.deps.certificates.reserve({
        ...mine,
        serial,
        status: 'reserved',
        publicKeySha256: signer.publicKeySha256,
      });
      ca.services.deps.certificates.markIssued(
        mine.issuerKeyId,
        serial,
        mine.der ?? new Uint8Array(),
      );
      const report = await ca.verify(detached(signature, content));
      for (const n of [1, 2]) {
        expect(conditionOf(report, n)).toMatchObject({
          outcome: 'NOT_SATISFIED',
          reason: {
            id: 'law.key_shared',
            params: { department: 'finance', others: ['audit-office'] },
          },
        });
      }
    });

    it('gives every condition and the note in Chinese too', async () => {
      const report = localizeReport(await ca.verify(detached(signature, content)), 'zh-CN');
      expect(conditionOf(report, 2).title).toBe('签署时电子签名制作数据仅由电子签名人控制');
      expect(conditionOf(report, 3).message).toContain('时间戳已于');
      expect(report.law.note).toContain('不构成法律意见');
    });

    it('cannot determine 1 and 2 for a signature Signet did not issue (no register evidence)', async () => {
      const root = ca.services.authorities.get('root').der;
      const report = await verify(standaloneVerificationDeps([root], ca.clock), {
        signature,
        document: documentFromBytes(content),
      });
      for (const n of [1, 2]) {
        expect(conditionOf(report, n)).toMatchObject({
          outcome: 'CANNOT_BE_DETERMINED',
          reason: { id: 'law.key_not_registered' },
        });
      }
      expect(conditionOf(report, 3).outcome).toBe('SATISFIED');
    });

    it('cannot determine anything without a signature', async () => {
      const report = await ca.verify({ document: documentFromBytes(content) });
      expect(report.law.conditions.map((c) => [c.outcome, c.reason.id])).toEqual(
        Array(4).fill(['CANNOT_BE_DETERMINED', 'law.no_signature']),
      );
    });
  });

  describe('on a PDF signed by Signet', () => {
    let ca: TestCa;
    let pdf: Uint8Array;
    const verifyPdf = (bytes: Uint8Array) =>
      ca.verify({ document: { ...documentFromBytes(bytes), content: bytes, pdf: true } });
    beforeAll(async () => {
      ca = await freshCa(new Date());
      await ca.department('finance');
      ({ pdf } = await signPdf(ca.services.signing, {
        departmentId: 'finance',
        actor: 'test',
        level: 'B-T',
        pdf: await samplePdf(),
      }));
    });
    afterAll(() => ca.close());

    it('satisfies 4 from the byte range and the changes after signing', async () => {
      const report = await verifyPdf(pdf);
      expect(conditionOf(report, 4)).toMatchObject({
        outcome: 'SATISFIED',
        checks: ['message_digest', 'signature_value', 'byte_range', 'changes_after'],
        reason: { id: 'law.content_protected_pdf' },
      });
    });

    it('says 4 NOT_SATISFIED for a PDF changed in place (a signed byte)', async () => {
      const changed = Uint8Array.from(pdf);
      const at = Buffer.from(pdf).indexOf('/MediaBox');
      changed[at + 1] = 'm'.charCodeAt(0);
      const report = await verifyPdf(changed);
      expect(conditionOf(report, 4)).toMatchObject({
        outcome: 'NOT_SATISFIED',
        reason: { id: 'law.content_changed' },
      });
    });

    it('says 4 NOT_SATISFIED for a PDF whose content was replaced by a later update', async () => {
      const [replaced] = tamperedPdfs(Buffer.from(pdf));
      if (!replaced) throw new Error('no tampered PDF');
      const report = await verifyPdf(new Uint8Array(replaced.bytes));
      expect(conditionOf(report, 4)).toMatchObject({
        outcome: 'NOT_SATISFIED',
        checks: ['changes_after'],
        reason: { id: 'law.pdf_changed_after' },
      });
    });
  });

  describe('with keys in an HSM (SoftHSM)', () => {
    let ca: TestCa;
    beforeAll(async () => {
      ca = await freshCa(undefined, softHsmToken('signet-law').env);
      await ca.department('finance');
    });
    afterAll(() => ca.close());

    it('satisfies 1 and 2: the key was made and kept in the token', async () => {
      const { signature } = await ca.sign('finance', 'B-T', content);
      const report = await ca.verify(detached(signature, content));
      expect(report.indication).toBe('TOTAL_PASSED');
      expect(outcomes(report)).toEqual({
        1: 'SATISFIED',
        2: 'SATISFIED',
        3: 'SATISFIED',
        4: 'SATISFIED',
      });
      expect(conditionOf(report, 2).reason.id).toBe('law.control_hsm');
    });
  });
});

describe('lawSection()', () => {
  const base: SignatureReport = {
    indication: 'TOTAL_PASSED',
    format: 'CAdES-BASELINE-B',
    signer: {
      subject: 'CN=Finance',
      issuer: 'CN=Issuing',
      serial: '01',
      notBefore: '2031-01-01T00:00:00.000Z',
      notAfter: '2032-01-01T00:00:00.000Z',
    },
    signingTime: null,
    bestSignatureTime: '2031-03-01T00:00:00.000Z',
    certificateChain: [],
    checks: (['signing_certificate', 'message_digest', 'signature_value'] as const).map((id) => ({
      id,
      name: id,
      status: 'passed',
      reason: { id: 'message_digest.match', params: {} },
      message: '',
    })),
  };
  const key = (custody: SignerKeyRecord['custody']): SignerKeyRecord => ({
    departmentId: 'finance',
    custody,
    otherHolders: [],
  });

  it.each([
    ['pkcs11', 'SATISFIED', 'law.control_hsm'],
    ['external', 'SATISFIED', 'law.control_department'],
    ['file', 'CANNOT_BE_DETERMINED', 'law.control_file_vault'],
    [undefined, 'CANNOT_BE_DETERMINED', 'law.control_unrecorded'],
  ] as const)('judges sole control (2) of a key kept as %s: %s', (custody, outcome, id) => {
    const [, second] = lawSection([{ report: base, key: key(custody) }]).conditions;
    expect(second).toMatchObject({ outcome, reason: { id } });
  });

  it('cannot determine 1 and 2 without a signer certificate', () => {
    const { signer: _, ...unsigned } = base;
    const law = lawSection([{ report: unsigned, key: key('pkcs11') }]);
    expect(law.conditions.slice(0, 2).map((c) => c.reason.id)).toEqual([
      'law.no_signer',
      'law.no_signer',
    ]);
  });

  it('takes the worst signature for each condition and names it', () => {
    const failed = {
      ...base,
      checks: base.checks.map((c) =>
        c.id === 'message_digest' ? { ...c, status: 'failed' as const } : c,
      ),
    };
    const law = lawSection([
      { report: base, key: key('pkcs11') },
      { report: failed, key: key('pkcs11') },
    ]);
    expect(law.conditions[3]).toMatchObject({ outcome: 'NOT_SATISFIED', signature: 1 });
    expect(law.conditions[2]).toMatchObject({ outcome: 'SATISFIED', signature: 0 });
  });
});

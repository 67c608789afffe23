/**
 * What a report means for a reliable electronic signature, PRC Electronic Signature Law Art. 13
 * (issue 19): each of its four conditions SATISFIED, NOT_SATISFIED or CANNOT_BE_DETERMINED, with
 * the checks of the signature that decided it and a reason. Conditions 1 and 2 (the creation data
 * belongs to the signer alone, under its sole control when signing) come from Signet's register:
 * where the key was kept (keyCustody) and whether the same key was ever certified for another
 * holder; a certificate Signet did not issue gives no such evidence. Conditions 3 and 4 (a change to
 * the signature, to the content and form, is detectable) come from the ETSI checks: the signature
 * value, the message digest, the PDF's byte range and later changes, and the time-stamp.
 * A technical assessment, not legal advice: the section says so in both languages.
 */
import { DOCUMENT_TIMESTAMP_FORMAT } from './document-timestamp';
import type { SignerKeyRecord } from './ports';
import { reason, renderReason, type Reason } from './reasons';
import {
  LAW_CONDITIONS,
  type CheckId,
  type CheckStatus,
  type LawCondition,
  type LawConditionNumber,
  type LawOutcome,
  type LawSection,
  type SignatureReport,
} from './report';

/** One condition's judgement of one signature, before it is named and rendered. */
interface Finding {
  outcome: LawOutcome;
  checks: CheckId[];
  reason: Reason;
}

/** What law.ts reads of a signature's validation: its report and the register's key record. */
export interface LawInput {
  report: SignatureReport;
  key?: SignerKeyRecord;
}

const RANK: Record<LawOutcome, number> = {
  NOT_SATISFIED: 2,
  CANNOT_BE_DETERMINED: 1,
  SATISFIED: 0,
};

const found = (outcome: LawOutcome, checks: CheckId[], why: Reason): Finding => ({
  outcome,
  checks,
  reason: why,
});

function statusOf(report: SignatureReport, id: CheckId): CheckStatus | undefined {
  return report.checks.find((c) => c.id === id)?.status;
}

/** The checks that tie the signature to a key: the signing certificate and its chain. */
const KEY_CHECKS: CheckId[] = ['signing_certificate', 'certificate_chain'];

/** Whose key signed, as far as the register knows; a Finding when that cannot be said. */
function registeredKey(input: LawInput): SignerKeyRecord | Finding {
  const { report, key } = input;
  if (!report.signer) {
    return found('CANNOT_BE_DETERMINED', ['signing_certificate'], reason('law.no_signer'));
  }
  if (statusOf(report, 'signing_certificate') === 'failed') {
    return found('CANNOT_BE_DETERMINED', ['signing_certificate'], reason('law.signer_unbound'));
  }
  if (!key) return found('CANNOT_BE_DETERMINED', KEY_CHECKS, reason('law.key_not_registered'));
  if (key.otherHolders.length > 0) {
    return found(
      'NOT_SATISFIED',
      KEY_CHECKS,
      reason('law.key_shared', { department: key.departmentId, others: key.otherHolders }),
    );
  }
  return key;
}

const isFinding = (x: SignerKeyRecord | Finding): x is Finding => 'outcome' in x;

/** 1: the creation data belongs to the signer alone (one certificate, one department). */
function belongsToSigner(input: LawInput): Finding {
  const key = registeredKey(input);
  if (isFinding(key)) return key;
  return found('SATISFIED', KEY_CHECKS, reason('law.key_unique', { department: key.departmentId }));
}

/** 2: under the signer's sole control when signing: an HSM's key or the department's own. */
function soleControl(input: LawInput): Finding {
  const key = registeredKey(input);
  if (isFinding(key)) return key;
  const department = { department: key.departmentId };
  switch (key.custody) {
    case 'pkcs11':
      return found('SATISFIED', KEY_CHECKS, reason('law.control_hsm', department));
    case 'external':
      return found('SATISFIED', KEY_CHECKS, reason('law.control_department', department));
    case 'file':
      return found(
        'CANNOT_BE_DETERMINED',
        KEY_CHECKS,
        reason('law.control_file_vault', department),
      );
    default:
      return found(
        'CANNOT_BE_DETERMINED',
        KEY_CHECKS,
        reason('law.control_unrecorded', department),
      );
  }
}

/** 3: a change to the signature is detectable (RFC 5652 5.6; ETSI EN 319 122-1 5.3 time-stamp). */
function signatureProtected({ report }: LawInput): Finding {
  const value = statusOf(report, 'signature_value');
  if (value === 'failed') {
    return found('NOT_SATISFIED', ['signature_value'], reason('law.signature_changed'));
  }
  if (statusOf(report, 'signing_certificate') === 'failed') {
    return found(
      'NOT_SATISFIED',
      ['signing_certificate'],
      reason('law.signature_certificate_swapped'),
    );
  }
  if (value !== 'passed') {
    return found('CANNOT_BE_DETERMINED', ['signature_value'], reason('law.signature_unchecked'));
  }
  const checks: CheckId[] = ['signature_value', 'signing_certificate'];
  if (statusOf(report, 'signature_timestamp') === 'passed' && report.timestamp) {
    return found(
      'SATISFIED',
      [...checks, 'signature_timestamp'],
      reason('law.signature_protected_timestamped', { time: report.timestamp.time }),
    );
  }
  return found('SATISFIED', checks, reason('law.signature_protected'));
}

/** 4: a change to the content and form is detectable (message digest; ISO 32000-1 12.8). */
function contentProtected({ report }: LawInput): Finding {
  if (statusOf(report, 'message_digest') === 'failed') {
    return found('NOT_SATISFIED', ['message_digest'], reason('law.content_changed'));
  }
  if (statusOf(report, 'byte_range') === 'failed') {
    return found('NOT_SATISFIED', ['byte_range'], reason('law.range_incomplete'));
  }
  if (statusOf(report, 'changes_after') === 'failed') {
    return found('NOT_SATISFIED', ['changes_after'], reason('law.pdf_changed_after'));
  }
  const covered =
    statusOf(report, 'message_digest') === 'passed' &&
    statusOf(report, 'signature_value') === 'passed';
  if (!covered) {
    return found(
      'CANNOT_BE_DETERMINED',
      ['message_digest', 'signature_value'],
      reason('law.content_unchecked'),
    );
  }
  return report.pdf
    ? found(
        'SATISFIED',
        ['message_digest', 'signature_value', 'byte_range', 'changes_after'],
        reason('law.content_protected_pdf'),
      )
    : found('SATISFIED', ['message_digest', 'signature_value'], reason('law.content_protected'));
}

const JUDGES: Record<LawConditionNumber, (input: LawInput) => Finding> = {
  1: belongsToSigner,
  2: soleControl,
  3: signatureProtected,
  4: contentProtected,
};

function condition(
  number: LawConditionNumber,
  finding: Finding,
  signature: number | undefined,
): LawCondition {
  const checks = finding.checks;
  return {
    condition: number,
    title: renderReason('en', reason(`law.condition_${number}`)),
    outcome: finding.outcome,
    ...(signature === undefined ? {} : { signature }),
    checks,
    reason: finding.reason,
    message: renderReason('en', finding.reason),
  };
}

/**
 * The law section over a report's signatures (document time-stamps sign nothing for a signer and
 * are left out): per condition the worst signature's finding decides, the first among equals.
 */
export function lawSection(signatures: readonly LawInput[]): LawSection {
  const judged = signatures
    .map((input, index) => ({ input, index }))
    .filter(({ input }) => input.report.format !== DOCUMENT_TIMESTAMP_FORMAT);
  const note = reason('law.note');
  return {
    conditions: LAW_CONDITIONS.map((number) => {
      let worst: { finding: Finding; index: number } | undefined;
      for (const { input, index } of judged) {
        const finding = JUDGES[number](input);
        if (!worst || RANK[finding.outcome] > RANK[worst.finding.outcome]) {
          worst = { finding, index };
        }
      }
      if (!worst) {
        return condition(
          number,
          found('CANNOT_BE_DETERMINED', [], reason('law.no_signature')),
          undefined,
        );
      }
      // Only the checks the signature's report has (a CMS has no byte range).
      const present = new Set(signatures[worst.index]?.report.checks.map((c) => c.id));
      const checks = worst.finding.checks.filter((id) => present.has(id));
      return condition(number, { ...worst.finding, checks }, worst.index);
    }),
    note: renderReason('en', note),
    noteReason: note,
  };
}

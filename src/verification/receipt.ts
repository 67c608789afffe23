/**
 * Checking a signed validation receipt (issue 19; ca/validation-receipt.ts makes them) for
 * `signet receipt verify`: the CMS is verified as any enveloping signature (ETSI EN 319 102-1:
 * signature value, chain to the trust anchor, revocation, the signature time-stamp), then what
 * makes it a receipt: the signer's certificate is for validation receipts (its EKU), a valid
 * signature time-stamp proves when it was made, and the content is a report in RFC 8785 canonical
 * JSON, byte for byte as re-encoded here.
 */
import { parseSignedData } from '../core/cms';
import { canonicalJson } from '../core/jcs';
import { OID_SIGNET_KP_VALIDATION_SIGNING } from '../core/oid';
import { CertView } from '../core/validation';
import type { VerificationReport } from './report';
import { verify, type VerificationDeps } from './verify';

export interface ReceiptCheck {
  valid: boolean;
  /** What failed, one sentence each; empty when valid. */
  problems: string[];
  /** The signature time-stamp's time: when Signet issued the receipt. */
  issuedAt?: string;
  signer?: string;
  /** The verification of the receipt's own signature. */
  signature: Pick<VerificationReport, 'indication' | 'subIndication' | 'summary'>;
  /** The report the receipt holds, when its content is JSON. */
  report?: unknown;
}

function signerIsValidationKey(der: Uint8Array, serial: string | undefined): boolean {
  const certificates = parseSignedData(der).certificates.flatMap((c) => {
    try {
      return [CertView.parse(c)];
    } catch {
      return [];
    }
  });
  const signer = certificates.find((c) => c.serialHex.replace(/^(00)+/, '') === serial);
  return signer?.extKeyUsage()?.includes(OID_SIGNET_KP_VALIDATION_SIGNING) ?? false;
}

/** The content as a report, and whether its bytes are its RFC 8785 canonical form. */
function readContent(content: Uint8Array | undefined): { report?: unknown; canonical: boolean } {
  if (!content) return { canonical: false };
  const text = new TextDecoder('utf-8', { fatal: true });
  try {
    const report: unknown = JSON.parse(text.decode(content));
    return { report, canonical: canonicalJson(report) === text.decode(content) };
  } catch {
    return { canonical: false };
  }
}

export async function checkReceipt(
  deps: VerificationDeps,
  receipt: Uint8Array,
  crls: Uint8Array[] = [],
): Promise<ReceiptCheck> {
  const verified = await verify(deps, { signature: receipt, crls });
  const signature = {
    indication: verified.indication,
    subIndication: verified.subIndication,
    summary: verified.summary,
  };
  const first = verified.signatures[0];
  const problems: string[] = [];
  if (verified.indication !== 'TOTAL_PASSED') problems.push(verified.summary);
  if (verified.signatures.length !== 1) problems.push('A receipt has exactly one signature.');
  const timestamped = first?.checks.some(
    (c) => c.id === 'signature_timestamp' && c.status === 'passed',
  );
  if (!timestamped) problems.push('No valid signature time-stamp proves when it was issued.');
  let content: ReturnType<typeof readContent> = { canonical: false };
  try {
    if (!signerIsValidationKey(receipt, first?.signer?.serial)) {
      problems.push("The signer's certificate is not one for validation receipts.");
    }
    content = readContent(parseSignedData(receipt).content);
  } catch {
    // verify() has already said why the CMS cannot be read.
  }
  if (!content.canonical) {
    problems.push('The content is not a report in RFC 8785 canonical JSON.');
  }
  return {
    valid: problems.length === 0,
    problems,
    issuedAt: first?.timestamp?.valid ? first.timestamp.time : undefined,
    signer: first?.signer?.subject,
    signature,
    report: content.report,
  };
}

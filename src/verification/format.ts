/**
 * ETSI EN 319 102-1 5.2.2, format checking: the SignerInfo has the structure RFC 5652 requires of
 * it (content-type and message-digest with any signed attributes, 5.3 and 11.1-11.2), and which
 * format it is: a CAdES baseline level (ETSI EN 319 122-1 6.3) or a plain CMS signature.
 */
import type { SignedDataView, SignerInfoView } from '../core/cms';
import { reason, type Reason } from './reasons';
import { failed, outcome, type CheckOutcome } from './report';

export interface FormatResult {
  format: string;
  outcome: CheckOutcome;
}

/** The CAdES baseline level the SignerInfo meets, or CMS (ETSI EN 319 122-1 6.3, table 1). */
function levelOf(cms: SignedDataView, signerInfo: SignerInfoView): string {
  if (!signerInfo.signedAttributesDer || !signerInfo.signingCertificateV2) return 'CMS';
  if (signerInfo.signatureTimestamps.length === 0) return 'CAdES-BASELINE-B';
  const validationData = cms.crls.length > 0 || cms.ocspResponses.length > 0;
  if (!validationData) return 'CAdES-BASELINE-T';
  // 5.5.3: an archive-time-stamp-v3 over the B-LT signature makes it B-LTA.
  return signerInfo.archiveTimestamps.length > 0 ? 'CAdES-BASELINE-LTA' : 'CAdES-BASELINE-LT';
}

/** ETSI EN 319 102-1 5.2.2: the signature is well-formed enough to be checked. */
export function checkFormat(cms: SignedDataView, signerInfo: SignerInfoView): FormatResult {
  const format = levelOf(cms, signerInfo);
  const broken = (why: Reason): FormatResult => ({
    format,
    outcome: outcome('format', 'failed', why, failed('FORMAT_FAILURE')),
  });
  if (signerInfo.signedAttributesDer) {
    // RFC 5652 5.3: with signed attributes, content-type and message-digest MUST be among them.
    if (signerInfo.contentType === undefined) return broken(reason('format.content_type_missing'));
    if (signerInfo.messageDigest === undefined) {
      return broken(reason('format.message_digest_missing'));
    }
    // RFC 5652 11.1: the content-type attribute is the eContentType.
    if (signerInfo.contentType !== cms.contentType) {
      return broken(reason('format.content_type_mismatch'));
    }
  }
  const notes = cms.content ? [reason('format.contains_document')] : [];
  const what =
    format !== 'CMS'
      ? reason('format.cades', { format, notes })
      : signerInfo.signedAttributesDer
        ? reason('format.cms', { notes })
        : reason('format.cms_without_signed_attributes', { notes });
  return { format, outcome: outcome('format', 'passed', what) };
}

/**
 * ETSI EN 319 102-1 5.2.2, format checking: the SignerInfo has the structure RFC 5652 requires of
 * it (content-type and message-digest with any signed attributes, 5.3 and 11.1-11.2), and which
 * format it is: a CAdES baseline level (ETSI EN 319 122-1 6.3) or a plain CMS signature.
 */
import type { SignedDataView, SignerInfoView } from '../core/cms';
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
  return validationData ? 'CAdES-BASELINE-LT' : 'CAdES-BASELINE-T';
}

/** ETSI EN 319 102-1 5.2.2: the signature is well-formed enough to be checked. */
export function checkFormat(cms: SignedDataView, signerInfo: SignerInfoView): FormatResult {
  const format = levelOf(cms, signerInfo);
  const broken = (why: string): FormatResult => ({
    format,
    outcome: outcome(
      'format',
      'failed',
      `The signature is not well-formed: ${why}.`,
      failed('FORMAT_FAILURE'),
    ),
  });
  if (signerInfo.signedAttributesDer) {
    // RFC 5652 5.3: with signed attributes, content-type and message-digest MUST be among them.
    if (signerInfo.contentType === undefined)
      return broken('its content-type attribute is missing');
    if (signerInfo.messageDigest === undefined) {
      return broken('its message-digest attribute is missing');
    }
    // RFC 5652 11.1: the content-type attribute is the eContentType.
    if (signerInfo.contentType !== cms.contentType) {
      return broken('its content-type attribute does not match the signed content');
    }
  }
  const what =
    format === 'CMS'
      ? `a CMS signature (RFC 5652)${signerInfo.signedAttributesDer ? '' : ' without signed attributes'}, not a CAdES one`
      : `a ${format} signature (ETSI EN 319 122-1)`;
  return {
    format,
    outcome: outcome(
      'format',
      'passed',
      `The signature is ${what}${cms.content ? ' that contains the signed document' : ''}.`,
    ),
  };
}

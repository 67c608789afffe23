/**
 * CAdES-B-B (ETSI EN 319 122-1 section 6.3, attributes of 5.1 and 5.2.2): a detached SignedData
 * whose signed attributes are content-type, message-digest, signing-time (left out for PAdES,
 * ETSI EN 319 142-1 5.3) and signing-certificate-v2, carrying the signing certificate and its chain.
 */
import { hashLength, type HashName } from '../../algorithms';
import { FormatError } from '../../errors';
import { OID_CT_DATA } from '../../oid';
import type { Signer } from '../../signer';
import {
  contentTypeAttribute,
  messageDigestAttribute,
  signingCertificateV2Attribute,
  signingTimeAttribute,
} from '../attributes';
import { assertCertificates } from '../certificates';
import { CmsError } from '../errors';
import { encodeSignedData } from '../signed-data';
import { buildSignerInfo } from '../signer-info';

export interface CadesBaselineBInput {
  /** The document's digest under `hash`. */
  digest: Uint8Array;
  /** Must be the signer's hash: the SignerInfo names one digest algorithm for both uses. */
  hash: HashName;
  signer: Signer;
  signerCertificate: Uint8Array;
  /** The chain to include (issuing CAs; the root may be left out). */
  certificates: readonly Uint8Array[];
  signingTime?: Date;
  /** eContentType and content-type attribute; id-data by default. */
  contentType?: string;
}

/** The CAdES-B-B signature: a ContentInfo DER. */
export async function signCadesBaselineB(input: CadesBaselineBInput): Promise<Uint8Array> {
  const { digest, hash, signer, signerCertificate, signingTime } = input;
  if (hash !== signer.scheme.hash) {
    throw new CmsError(
      'ALGORITHM_MISMATCH',
      `The digest was made with ${hash} but the signer signs with ${signer.scheme.hash}.`,
    );
  }
  if (digest.length !== hashLength(hash)) {
    throw new FormatError('INVALID_VALUE', `The digest is not a ${hash} value.`);
  }
  assertCertificates(input.certificates);
  const contentType = input.contentType ?? OID_CT_DATA;
  const signerInfo = await buildSignerInfo({
    signer,
    certificate: signerCertificate,
    signedAttributes: [
      contentTypeAttribute(contentType),
      messageDigestAttribute(digest),
      ...(signingTime ? [signingTimeAttribute(signingTime)] : []),
      signingCertificateV2Attribute(signerCertificate, hash),
    ],
  });
  return encodeSignedData({
    contentType,
    certificates: [signerCertificate, ...input.certificates],
    crls: [],
    signerInfos: [signerInfo],
  });
}

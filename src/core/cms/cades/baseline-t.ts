/**
 * CAdES-B-T (ETSI EN 319 122-1 section 6.3): B-B plus a signature-time-stamp attribute
 * (section 5.3) whose token's message imprint is the hash of the SignerInfo's signature value.
 */
import { digest, type HashName } from '../../algorithms';
import { FormatError } from '../../errors';
import { OID_AA_SIGNATURE_TIME_STAMP_TOKEN } from '../../oid';
import { parseTimeStampToken } from '../../tsp/token-parse';
import { encodeAttribute } from '../attributes';
import { CmsError } from '../errors';
import { addUnsignedAttributes } from '../unsigned-attributes';

/** Obtains a TimeStampToken (DER) for a message imprint, from a TSA. */
export type TimestampSource = (messageImprint: Uint8Array, hash: HashName) => Promise<Uint8Array>;

/** The CMS with a signature time-stamp on each SignerInfo, under the SignerInfo's own hash. */
export function addSignatureTimestamp(
  cmsDer: Uint8Array,
  timestamp: TimestampSource,
): Promise<Uint8Array> {
  return addUnsignedAttributes(cmsDer, async (signerInfo) => {
    const hash = signerInfo.digestHash;
    if (!hash) {
      throw new FormatError(
        'UNSUPPORTED_ALGORITHM',
        `The SignerInfo digest algorithm ${signerInfo.digestAlgorithm.algorithm} is not supported.`,
      );
    }
    const imprint = digest(hash, signerInfo.signature);
    const token = await timestamp(imprint, hash);
    checkTokenCovers(token, hash, imprint);
    return [encodeAttribute(OID_AA_SIGNATURE_TIME_STAMP_TOKEN, [token])];
  });
}

/**
 * The token's TSTInfo must name the imprint asked for, or the attribute would prove nothing. The
 * TSA is the signer's, so a token it cannot read is the signer's fault too (kept as the cause),
 * not the caller's.
 */
export function checkTokenCovers(token: Uint8Array, hash: HashName, imprint: Uint8Array): void {
  let tstInfo;
  try {
    tstInfo = parseTimeStampToken(token).tstInfo;
  } catch (cause) {
    throw new CmsError('TIMESTAMP_MISMATCH', 'The time-stamp token cannot be read.', { cause });
  }
  if (tstInfo.hash !== hash || !Buffer.from(tstInfo.messageImprint).equals(imprint)) {
    throw new CmsError(
      'TIMESTAMP_MISMATCH',
      'The time-stamp token does not cover the imprint it was asked for.',
    );
  }
}

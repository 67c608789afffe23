import { errorOfKinds, type ErrorKind } from '../errors';

/**
 * Codes of CMS failures (RFC 5652) that are not plain DER errors (those are FormatErrors):
 * - NOT_SIGNED_DATA: the ContentInfo holds another content type than id-signedData.
 * - NO_SIGNER_INFO: the SignedData has no SignerInfo to verify or extend.
 * - INVALID_ATTRIBUTE: an attribute value does not have its standard form, or appears twice.
 * - ALGORITHM_MISMATCH: the digest was made with another hash than the signer's scheme uses.
 * - TIMESTAMP_MISMATCH: a time-stamp token does not cover the signature value it was asked for.
 * - NOT_BASELINE_T: B-LT data was to be added to a signature without a signature time-stamp.
 * - NOT_ARCHIVABLE: an archive time-stamp (B-LTA) was asked for a signature that is not B-T or
 *   better, or whose SignerInfo lacks a usable digest algorithm or message-digest.
 */
export type CmsErrorCode =
  | 'NOT_SIGNED_DATA'
  | 'NO_SIGNER_INFO'
  | 'INVALID_ATTRIBUTE'
  | 'ALGORITHM_MISMATCH'
  | 'TIMESTAMP_MISMATCH'
  | 'NOT_BASELINE_T'
  | 'NOT_ARCHIVABLE';

/** What a caller's CMS can be refused for is invalid; the rest go wrong while Signet signs. */
const CMS_ERROR_KINDS = {
  NOT_SIGNED_DATA: 'invalid',
  NO_SIGNER_INFO: 'invalid',
  INVALID_ATTRIBUTE: 'invalid',
  ALGORITHM_MISMATCH: 'fault',
  TIMESTAMP_MISMATCH: 'fault',
  NOT_BASELINE_T: 'fault',
  NOT_ARCHIVABLE: 'invalid',
} as const satisfies Record<CmsErrorCode, ErrorKind>;

export class CmsError extends errorOfKinds(CMS_ERROR_KINDS) {}

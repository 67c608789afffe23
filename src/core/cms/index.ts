export { signCadesBaselineB, type CadesBaselineBInput } from './cades/baseline-b';
export { addSignatureTimestamp, type TimestampSource } from './cades/baseline-t';
export { addValidationData, type ValidationData } from './cades/baseline-lt';
export {
  addArchiveTimestamp,
  archiveTimestampInput,
  atsHashIndexAlgorithm,
  atsHashIndexOfToken,
  atsHashIndexV3,
  missingFromIndex,
  type ArchiveScope,
} from './cades/baseline-lta';
export {
  parseSignedData,
  signerInfoView,
  type AttributeView,
  type SignedDataView,
  type SignerIdentifierView,
  type SignerInfoView,
} from './parse';
export {
  addTlogProof,
  readTlogProof,
  tlogProofAttribute,
  type EmbeddedTlogProof,
} from './tlog-proof';
export { addUnsignedAttributes, type UnsignedAttributeSource } from './unsigned-attributes';
export { buildSignerInfo, type SignerInfoInput } from './signer-info';
export {
  decodeSignedData,
  encodeSignedData,
  withContent,
  withoutContent,
  type DecodedSignedData,
  type SignedDataParts,
} from './signed-data';
export {
  contentTypeAttribute,
  encodeAttribute,
  messageDigestAttribute,
  signedAttributesSet,
  signingCertificateV2Attribute,
  signingTimeAttribute,
} from './attributes';
export { carriedCertificateCount } from './certificate-count';
export { CmsError, type CmsErrorCode } from './errors';
export {
  certificatesNamedBy,
  essCertIdV2Mismatch,
  type EssCertIdMismatch,
} from './signer-certificate';

/**
 * The port between signing, which issues signatures, and the transparency log (transparency/),
 * which records them: shared so that neither use case imports the other.
 */

/** What the transparency log is told of a signature just issued (issue 21). */
export interface IssuedSignature {
  documentId: string;
  /** DER SubjectPublicKeyInfo of the signing certificate. */
  issuerSpki: Uint8Array;
  claimedTime: Date;
  documentDigest: Uint8Array;
  signatureValue: Uint8Array;
  timestampToken?: Uint8Array;
}

/**
 * The transparency log as signing sees it: one call, made in the transaction that registers the
 * signature, so that a registered signature is always logged and a failed one never is.
 */
export interface SignatureLog {
  recordIssued(signature: IssuedSignature): void;
}

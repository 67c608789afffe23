/**
 * The port between signing, which issues signatures, and the transparency log (transparency/),
 * which records them: shared so that neither use case imports the other.
 */

/** What the transparency log is told of a signature just issued (issue 21). */
export interface IssuedSignature {
  documentId: string;
  /** DER SubjectPublicKeyInfo of the signing certificate. */
  issuerSpki: Uint8Array;
  /** The signer's claimed time, in whole seconds: what the CMS signing-time can carry back. */
  claimedTime: Date;
  documentDigest: Uint8Array;
  signatureValue: Uint8Array;
  timestampToken?: Uint8Array;
}

/** A signature's entry once sequenced: its salt and a c2sp.org/tlog-proof of its leaf. */
export interface LoggedSignature {
  index: bigint;
  salt: Uint8Array;
  /** The tlog-proof text: leaf index, audit path and the signed checkpoint note. */
  proof: string;
}

/**
 * The transparency log as signing sees it: one call, made in the transaction that registers the
 * signature, so that a registered signature is always logged and a failed one never is; and the
 * proof of that entry once its batch is sequenced.
 */
export interface SignatureLog {
  recordIssued(signature: IssuedSignature): void;
  /**
   * The proof of a registered signature's entry, waiting for its batch no longer than the log's
   * bound; undefined when it is not sequenced by then (the proof is fetched later).
   */
  proofOf(documentId: string): Promise<LoggedSignature | undefined>;
}

/**
 * Ports of the verification use case (STYLE.md rule 5): what verify() needs from the rest of
 * Signet, each one method. The composition roots implement them with this CA's certificates, its
 * current CRL and the document registry (ca-sources.ts); tests may give their own.
 */
import type { HashName } from '../core/algorithms';
import type { SignerIdentifierView } from '../core/cms';
import type { PublicDocumentView } from '../documents';

/** The certificates relied on when the caller names none: this CA's root, and its issuing CA. */
export interface TrustedCertificates {
  /** Trust anchors (DER): this CA's root by default. */
  anchors(): Uint8Array[];
  /** Intermediate CA certificates (DER) that signatures may leave out (openssl cms -sign does). */
  intermediates(): Uint8Array[];
}

/** Current revocation data of this CA (DER CRLs), fresh at the time of the call. */
export interface RevocationSource {
  currentCrls(): Promise<Uint8Array[]>;
}

/** The register of documents Signet signed, looked up by the document's digest (lower-case hex). */
export interface DocumentLookup {
  byDigest(hash: HashName, hexDigest: string): PublicDocumentView[];
}

/**
 * The certificates this CA issued to departments (DER), read-only: a signature may leave its
 * signer's certificate out (RFC 5652 5.1 makes certificates optional; openssl cms -sign -nocerts),
 * and when Signet issued it, the register supplies it. Candidates for a SignerIdentifier (RFC 5652
 * 5.3): those with its serial, or for a key identifier every department certificate; the verifier
 * keeps only those the identifier names.
 */
export interface IssuedCertificates {
  candidatesFor(sid: SignerIdentifierView): Uint8Array[];
  /**
   * What the register says of the key of a certificate this CA issued to a department (the same
   * DER), for Electronic Signature Law Art. 13 (law.ts); undefined for any other certificate.
   */
  keyOf(certificate: {
    der: Uint8Array;
    serial: Uint8Array;
    spkiDer: Uint8Array;
  }): SignerKeyRecord | undefined;
}

/** Where a department certificate's key is kept, and who else it was certified for. */
export interface SignerKeyRecord {
  departmentId: string;
  /** file: Signet's key files; pkcs11: an HSM; external: the department's own (CSR); absent: not recorded. */
  custody?: 'file' | 'pkcs11' | 'external';
  /** Other holders of a certificate for the same public key: department ids, or CA roles. */
  otherHolders: string[];
}

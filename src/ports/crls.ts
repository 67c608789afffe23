export interface CrlRecord {
  number: bigint;
  issuerKeyId: string;
  thisUpdate: string;
  nextUpdate: string;
  der: Uint8Array;
}

/**
 * The CA's current CRLs (ca/crl.ts CurrentCrl publishes a new one when it grows stale): the issuing
 * CA's, or the root's ARL (issue 20), and all() of them a path of this CA needs.
 */
export interface CurrentCrlSource {
  get(role?: 'issuing' | 'root'): Promise<CrlRecord>;
  all(): Promise<CrlRecord[]>;
}

/**
 * The current CRL of one issuing CA, in force or retired by a rollover while in date, by its key
 * identifier (hex): what the CRL distribution point of the certificates it issued names
 * (ca/template.ts). Undefined for a key identifier of no such CA.
 */
export interface IssuingCrlSource {
  ofIssuingCa(keyIdentifierHex: string): Promise<CrlRecord | undefined>;
}

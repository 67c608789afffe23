export interface CrlRecord {
  number: bigint;
  issuerKeyId: string;
  thisUpdate: string;
  nextUpdate: string;
  der: Uint8Array;
}

/** The issuing CA's current CRL (ca/crl.ts CurrentCrl publishes a new one when it grows stale). */
export interface CurrentCrlSource {
  get(): Promise<CrlRecord>;
}

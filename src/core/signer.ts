import type { SignatureScheme } from './algorithms';

/**
 * What core/ needs of a private key: a scheme and a way to sign bytes with it. The key itself stays
 * in keys/ (file vault now, PKCS#11 later); core builds the data to be signed and assembles the
 * result around the signature value (STYLE.md rule 6).
 */
export interface Signer {
  readonly scheme: SignatureScheme;
  /** The signature value over `data` (ECDSA: DER ECDSA-Sig-Value; RSA: the raw octets). */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

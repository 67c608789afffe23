/**
 * Revocation reasons: the CRLReason names and codes of RFC 5280 section 5.3.1, shared by CRL
 * entries and OCSP revokedInfo (RFC 6960 4.2.1), and used as-is by the CLI and the HTTP API.
 */
export const REVOCATION_REASON_CODES = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  // value 7 is not used
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;

export type RevocationReason = keyof typeof REVOCATION_REASON_CODES;

export function isRevocationReason(name: string): name is RevocationReason {
  return Object.prototype.hasOwnProperty.call(REVOCATION_REASON_CODES, name);
}

/** The reason of a CRLReason code, or undefined for a code RFC 5280 does not define (7, > 10). */
export function revocationReasonFromCode(code: number): RevocationReason | undefined {
  return (Object.keys(REVOCATION_REASON_CODES) as RevocationReason[]).find(
    (name) => REVOCATION_REASON_CODES[name] === code,
  );
}

/** The name of a CRL entry's reason code for a report: absent is unspecified (RFC 5280 5.3.1). */
export function revocationReasonName(code: number | undefined): string {
  return revocationReasonFromCode(code ?? 0) ?? `reason ${code}`;
}

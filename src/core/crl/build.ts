import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier,
  CertificateList,
  CRLReason,
  Extension,
  KeyIdentifier,
  RevokedCertificate,
  TBSCertList,
  Version,
} from '@peculiar/asn1-x509';
import { publicKeyFromSpki, signatureAlgorithmIdentifier, verifySignature } from '../algorithms';
import { toArrayBuffer, toHex } from '../encoding';
import * as oid from '../oid';
import type { Signer } from '../signer';
import { CrlNumber } from './asn1';
import { CrlError } from './errors';
import { readCrlIssuer } from './issuer';
import { REVOCATION_REASON_CODES, type RevocationReason } from './reason';
import { crlTime } from './time';

export interface CrlEntryInput {
  /** Content octets of the revoked certificate's serialNumber INTEGER (positive, minimal DER). */
  serial: Uint8Array;
  revocationDate: Date;
  reason?: RevocationReason;
}

export interface BuildCrlInput {
  /** DER certificate of the CRL issuer: gives the issuer name and the authority key identifier. */
  issuerCertificate: Uint8Array;
  /** The issuer's key; checked against the issuer certificate after signing. */
  signer: Signer;
  thisUpdate: Date;
  nextUpdate: Date;
  crlNumber: bigint;
  entries: readonly CrlEntryInput[];
}

/** RFC 5280 5.2.3: CRL numbers are non-negative and at most 20 octets long. */
const MAX_CRL_NUMBER = (1n << 159n) - 1n;

/**
 * A complete v2 CRL (RFC 5280 section 5), signed in two phases (STYLE.md rule 6): the DER
 * TBSCertList is the data to be signed, the signer returns the signature value, the CRL is
 * assembled. The signature is checked against the issuer certificate's key before it is returned,
 * so a wrong key cannot publish a CRL that no relying party can verify.
 */
export async function buildCrl(input: BuildCrlInput): Promise<Uint8Array> {
  const issuer = readCrlIssuer(input.issuerCertificate);
  const thisUpdate = crlTime(input.thisUpdate, 'thisUpdate');
  const nextUpdate = crlTime(input.nextUpdate, 'nextUpdate');
  // RFC 5280 5.1.2.5: nextUpdate is the date by which the next CRL will be issued.
  if (nextUpdate.getTime().getTime() <= thisUpdate.getTime().getTime()) {
    throw new CrlError('INVALID_TIME', 'The nextUpdate must be later than thisUpdate.');
  }
  const signatureAlgorithm = signatureAlgorithmIdentifier(input.signer.scheme);
  const revoked = revokedCertificates(input.entries);
  const tbs = new TBSCertList({
    // RFC 5280 5.1.2.1: v2, since the CRL has extensions.
    version: Version.v2,
    signature: signatureAlgorithm,
    issuer: issuer.name,
    thisUpdate,
    nextUpdate,
    // RFC 5280 5.1.2.6: when there are no revoked certificates, the list MUST be absent.
    revokedCertificates: revoked.length > 0 ? revoked : undefined,
    crlExtensions: [
      authorityKeyIdentifier(issuer.keyIdentifier),
      crlNumberExtension(input.crlNumber),
    ],
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = await input.signer.sign(tbsDer);
  if (
    !verifySignature(
      input.signer.scheme,
      publicKeyFromSpki(issuer.publicKeyInfo),
      tbsDer,
      signature,
    )
  ) {
    throw new CrlError(
      'SIGNER_MISMATCH',
      "The CRL signature does not verify with the issuer certificate's public key.",
    );
  }
  const crl = new CertificateList({
    tbsCertList: tbs,
    signatureAlgorithm,
    signature: toArrayBuffer(signature),
  });
  return new Uint8Array(AsnConvert.serialize(crl));
}

function revokedCertificates(entries: readonly CrlEntryInput[]): RevokedCertificate[] {
  const seen = new Set<string>();
  return entries.map((entry) => {
    const hex = toHex(entry.serial);
    if (!isPositiveDerInteger(entry.serial)) {
      throw new CrlError('INVALID_ENTRY', `The serial ${hex} is not a positive DER INTEGER.`);
    }
    if (seen.has(hex)) throw new CrlError('INVALID_ENTRY', `The serial ${hex} is listed twice.`);
    seen.add(hex);
    return new RevokedCertificate({
      userCertificate: toArrayBuffer(entry.serial),
      revocationDate: crlTime(entry.revocationDate, `revocation date of ${hex}`),
      crlEntryExtensions: entry.reason ? reasonExtensions(entry.reason, hex) : undefined,
    });
  });
}

/**
 * RFC 5280 5.3.1: the reasonCode entry extension, non-critical; absent rather than `unspecified`.
 * removeFromCRL only occurs in delta CRLs, which Signet does not issue.
 */
function reasonExtensions(reason: RevocationReason, hex: string): Extension[] | undefined {
  if (reason === 'unspecified') return undefined;
  if (reason === 'removeFromCRL') {
    throw new CrlError('INVALID_ENTRY', `The serial ${hex} cannot be removeFromCRL in a full CRL.`);
  }
  return [extension(oid.OID_CE_CRL_REASON, new CRLReason(REVOCATION_REASON_CODES[reason]))];
}

/** RFC 5280 5.2.1: authorityKeyIdentifier with the keyIdentifier method, non-critical. */
function authorityKeyIdentifier(keyIdentifier: Uint8Array): Extension {
  return extension(
    oid.OID_CE_AUTHORITY_KEY_IDENTIFIER,
    new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(keyIdentifier) }),
  );
}

/** RFC 5280 5.2.3: cRLNumber, non-critical, monotonically increasing, at most 20 octets. */
function crlNumberExtension(crlNumber: bigint): Extension {
  if (crlNumber < 0n || crlNumber > MAX_CRL_NUMBER) {
    throw new CrlError('INVALID_CRL_NUMBER', 'The CRL number must be from 0 to 2^159 - 1.');
  }
  return extension(oid.OID_CE_CRL_NUMBER, new CrlNumber(crlNumber));
}

function extension(extnID: string, value: unknown): Extension {
  return new Extension({
    extnID,
    critical: false,
    extnValue: new OctetString(AsnConvert.serialize(value)),
  });
}

/** RFC 5280 4.1.2.2: serial numbers are positive integers; X.690 8.3.2: in the fewest octets. */
function isPositiveDerInteger(content: Uint8Array): boolean {
  const [first, second] = content;
  if (first === undefined || first >= 0x80) return false;
  if (first === 0 && (second === undefined || second < 0x80)) return false;
  return true;
}

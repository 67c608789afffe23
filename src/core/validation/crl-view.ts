/**
 * A parsed CRL (RFC 5280 section 5) as revocation checking reads it: issuer, times, scope
 * (issuingDistributionPoint), the exact signed bytes, and its entries indexed by serial number with
 * the certificate issuer each entry is about (5.3.3, for indirect CRLs). What makes a CRL unusable
 * for any certificate is found once, here.
 */
import * as asn1js from 'asn1js';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier,
  CertificateIssuer,
  CertificateList,
  CRLReason,
  type Extension,
  IssuingDistributionPoint,
} from '@peculiar/asn1-x509';
import { digest } from '../algorithms';
import { toHex } from '../encoding';
import { FormatError } from '../errors';
import * as oid from '../oid';
import { extensionName } from '../x509/certificate-model';
import { nameView, type NameView } from './names';
import { decodeDer, decodeElement } from '../asn1/decode';

/** CRLReason values (RFC 5280 5.3.1). */
export const REASON_CERTIFICATE_HOLD = 6;
export const REASON_REMOVE_FROM_CRL = 8;

export interface CrlEntry {
  revocationDate: Date;
  /** CRLReason value; undefined when the entry gives none (unspecified). */
  reason: number | undefined;
  /** The name key of the certificate issuer this entry is about. */
  certificateIssuerKey: string;
}

const KNOWN_CRL_EXTENSIONS = new Set([
  oid.OID_CE_AUTHORITY_KEY_IDENTIFIER,
  oid.OID_CE_ISSUER_ALT_NAME,
  oid.OID_CE_CRL_NUMBER,
  oid.OID_CE_DELTA_CRL_INDICATOR,
  oid.OID_CE_ISSUING_DISTRIBUTION_POINT,
  oid.OID_CE_FRESHEST_CRL,
  oid.OID_PE_AUTHORITY_INFO_ACCESS,
]);

const KNOWN_ENTRY_EXTENSIONS = new Set([
  oid.OID_CE_CRL_REASON,
  oid.OID_CE_INVALIDITY_DATE,
  oid.OID_CE_CERTIFICATE_ISSUER,
  oid.OID_CE_HOLD_INSTRUCTION_CODE,
]);

function valueOf(ext: Extension): Uint8Array {
  return new Uint8Array(ext.extnValue.buffer);
}

/** A non-negative INTEGER (CRLNumber, BaseCRLNumber: 0..MAX, up to 20 octets). */
function integerValue(der: Uint8Array): bigint {
  const block = decodeElement(der, 'CRL number');
  if (!(block instanceof asn1js.Integer)) {
    throw new FormatError('MALFORMED_DER', 'A CRL number is not an INTEGER.');
  }
  const bytes = block.valueBlock.valueHexView;
  if (bytes.length === 0 || bytes.length > 21 || ((bytes[0] ?? 0) & 0x80) !== 0) {
    throw new FormatError('MALFORMED_DER', 'A CRL number is negative or too long.');
  }
  return BigInt(`0x${toHex(bytes)}`);
}

export class CrlView {
  readonly tbsDer: Uint8Array;
  readonly signatureValue: Uint8Array;
  readonly issuer: NameView;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | undefined;
  readonly fingerprint: string;
  readonly idp: IssuingDistributionPoint | undefined;
  /** The issuingDistributionPoint as encoded, to compare the scope of two CRLs. */
  readonly idpHex: string;
  readonly isDelta: boolean;
  readonly crlNumber: bigint | undefined;
  /** A delta CRL's BaseCRLNumber (5.2.4). */
  readonly baseCrlNumber: bigint | undefined;
  readonly authorityKeyId: string | undefined;
  /** Why this CRL cannot be used at all (RFC 5280 5.2, 5.3), or undefined. */
  readonly problem: string | undefined;
  private readonly entries = new Map<string, CrlEntry[]>();

  private constructor(
    readonly der: Uint8Array,
    readonly list: CertificateList,
  ) {
    const tbs = list.tbsCertList;
    this.tbsDer = new Uint8Array(list.tbsCertListRaw ?? AsnConvert.serialize(tbs));
    this.signatureValue = new Uint8Array(list.signature);
    this.issuer = nameView(tbs.issuer);
    this.thisUpdate = tbs.thisUpdate.getTime();
    this.nextUpdate = tbs.nextUpdate?.getTime();
    this.fingerprint = toHex(digest('sha256', der));
    const extensions = new Map<string, Extension>();
    let problem: string | undefined;
    for (const ext of tbs.crlExtensions ?? []) {
      if (extensions.has(ext.extnID)) problem ??= `contains ${extensionName(ext.extnID)} twice`;
      extensions.set(ext.extnID, ext);
      if (ext.critical && !KNOWN_CRL_EXTENSIONS.has(ext.extnID)) {
        problem ??= `has a critical extension (${ext.extnID}) that Signet does not process`;
      }
    }
    const idp = extensions.get(oid.OID_CE_ISSUING_DISTRIBUTION_POINT);
    this.idp = idp
      ? decodeDer(valueOf(idp), IssuingDistributionPoint, 'issuingDistributionPoint')
      : undefined;
    this.idpHex = idp ? toHex(valueOf(idp)) : '';
    const delta = extensions.get(oid.OID_CE_DELTA_CRL_INDICATOR);
    this.isDelta = delta !== undefined;
    this.baseCrlNumber = delta ? integerValue(valueOf(delta)) : undefined;
    const aki = extensions.get(oid.OID_CE_AUTHORITY_KEY_IDENTIFIER);
    const keyId = aki
      ? decodeDer(valueOf(aki), AuthorityKeyIdentifier, 'authorityKeyIdentifier').keyIdentifier
      : undefined;
    this.authorityKeyId = keyId ? toHex(keyId.buffer) : undefined;
    // 5.2.3: the CRL number is mandatory and non-critical.
    const crlNumber = extensions.get(oid.OID_CE_CRL_NUMBER);
    this.crlNumber = crlNumber ? integerValue(valueOf(crlNumber)) : undefined;
    if (!crlNumber) problem ??= 'has no CRL number';
    else if (crlNumber.critical) problem ??= 'marks its CRL number critical';
    // 5.1.1.2: signatureAlgorithm equals the signature field of the TBSCertList.
    const outer = toHex(AsnConvert.serialize(list.signatureAlgorithm));
    if (outer !== toHex(AsnConvert.serialize(tbs.signature))) {
      problem ??= 'names two different signature algorithms';
    }
    // 5.3.3: an entry without certificateIssuer is about the previous entry's issuer (the CRL
    // issuer for the first one).
    let currentIssuer = this.issuer.key;
    for (const revoked of tbs.revokedCertificates ?? []) {
      let reason: number | undefined;
      for (const ext of revoked.crlEntryExtensions ?? []) {
        if (ext.extnID === oid.OID_CE_CRL_REASON) {
          reason = decodeDer(valueOf(ext), CRLReason, 'reasonCode').reason;
        } else if (ext.extnID === oid.OID_CE_CERTIFICATE_ISSUER) {
          const names = decodeDer(valueOf(ext), CertificateIssuer, 'certificateIssuer');
          const dn = Array.from(names).find((gn) => gn.directoryName)?.directoryName;
          currentIssuer = dn ? nameView(dn).key : `unsupported:${toHex(valueOf(ext))}`;
        } else if (ext.critical && !KNOWN_ENTRY_EXTENSIONS.has(ext.extnID)) {
          problem ??= `has an entry with a critical extension (${ext.extnID}) that Signet does not process`;
        }
      }
      const serial = toHex(revoked.userCertificate);
      const entry = {
        revocationDate: revoked.revocationDate.getTime(),
        reason,
        certificateIssuerKey: currentIssuer,
      };
      const list = this.entries.get(serial);
      if (list) list.push(entry);
      else this.entries.set(serial, [entry]);
    }
    this.problem = problem;
  }

  /** Parses DER; a FormatError for anything that is not a CRL with readable extensions. */
  static parse(der: Uint8Array): CrlView {
    const list = decodeDer(der, CertificateList, 'CRL');
    try {
      return new CrlView(der, list);
    } catch (cause) {
      throw new FormatError('MALFORMED_DER', 'The CRL or one of its extensions is malformed.', {
        cause,
      });
    }
  }

  /** The entry for a certificate, by serial number and issuer (6.3.3(j)). */
  entryFor(serialHex: string, issuerKey: string): CrlEntry | undefined {
    return this.entries.get(serialHex)?.find((e) => e.certificateIssuerKey === issuerKey);
  }
}

import { AsnConvert } from '@peculiar/asn1-schema';
import { decodeDer } from '../asn1/decode';
import { CertificateList, CRLReason, type Extension } from '@peculiar/asn1-x509';
import { serialToHex } from '../encoding';
import * as oid from '../oid';
import { CrlNumber } from './asn1';
import { CrlError } from './errors';
import { revocationReasonFromCode, type RevocationReason } from './reason';

export interface CrlEntrySummary {
  /** Upper-case hexadecimal, as serials are written everywhere (SPEC). */
  serial: string;
  revocationDate: Date;
  /** Absent when the entry has no reasonCode extension (RFC 5280 5.3.1: unspecified). */
  reason?: RevocationReason;
}

export interface CrlSummary {
  /** DER Name of the CRL issuer (RFC 5280 5.1.2.3). */
  issuer: Uint8Array;
  thisUpdate: Date;
  nextUpdate?: Date;
  crlNumber?: bigint;
  entries: CrlEntrySummary[];
}

/**
 * Reads a DER CRL into a summary for display and tests. It does not check the signature or the
 * CRL's scope: path validation does that.
 */
export function parseCrl(der: Uint8Array): CrlSummary {
  const tbs = parse(der, CertificateList, 'CRL').tbsCertList;
  const crlNumber = findExtension(tbs.crlExtensions, oid.OID_CE_CRL_NUMBER);
  return {
    issuer: new Uint8Array(AsnConvert.serialize(tbs.issuer)),
    thisUpdate: tbs.thisUpdate.getTime(),
    nextUpdate: tbs.nextUpdate?.getTime(),
    crlNumber: crlNumber && parse(crlNumber, CrlNumber, 'CRL number').value,
    entries: (tbs.revokedCertificates ?? []).map((entry) => {
      const serial = serialToHex(entry.userCertificate);
      return {
        serial,
        revocationDate: entry.revocationDate.getTime(),
        reason: entryReason(entry.crlEntryExtensions, serial),
      };
    }),
  };
}

function entryReason(
  extensions: Extension[] | undefined,
  serial: string,
): RevocationReason | undefined {
  const value = findExtension(extensions, oid.OID_CE_CRL_REASON);
  if (!value) return undefined;
  const code = parse(value, CRLReason, 'reason code').reason;
  const reason = revocationReasonFromCode(code);
  if (!reason) {
    throw new CrlError(
      'MALFORMED_CRL',
      `The CRL entry ${serial} has an unknown reason code ${code}.`,
    );
  }
  return reason;
}

function findExtension(extensions: Extension[] | undefined, id: string): ArrayBuffer | undefined {
  return extensions?.find((e) => e.extnID === id)?.extnValue.buffer;
}

/** The one strict decoder, its failures as MALFORMED_CRL. */
function parse<T>(der: ArrayBuffer | Uint8Array, type: new () => T, what: string): T {
  return decodeDer(der, type, what, {
    fail: (message, cause) => {
      throw new CrlError('MALFORMED_CRL', message, { cause });
    },
  });
}

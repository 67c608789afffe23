import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { signatureAlgorithmIdentifier } from '../algorithms';
import { REVOCATION_REASON_CODES, type RevocationReason } from '../crl/reason';
import * as oid from '../oid';
import type { Signer } from '../signer';
import { encodeCertId, type CertId } from './cert-id';
import { readCertificateKey } from './certificate';
import {
  bitString,
  contextTag,
  generalizedTime,
  objectIdentifier,
  TAG,
  tlv,
} from '../asn1/der-writer';
import { OcspError } from './errors';
import { isValidNonce, nonceExtension } from './nonce';

/** CertStatus (RFC 6960 4.2.1). */
export type OcspCertStatus =
  | { type: 'good' }
  | { type: 'revoked'; revocationTime: Date; reason?: RevocationReason }
  | { type: 'unknown' };

/** SingleResponse (RFC 6960 4.2.1): the status of one certificate. */
export interface OcspSingleResponse {
  /** The CertID as the request named it. */
  certId: CertId;
  status: OcspCertStatus;
  /** The time at which the status is known to be correct (4.2.2.1). */
  thisUpdate: Date;
  /** The time by which newer status will be available; absent: newer status at any time. */
  nextUpdate?: Date;
}

export interface OcspResponseInput {
  producedAt: Date;
  responses: readonly OcspSingleResponse[];
  /** The request's nonce, echoed in responseExtensions (RFC 9654); makes the response unique. */
  nonce?: Uint8Array;
}

export interface OcspResponderOptions {
  /** DER certificate of the responder: the CA itself, or a delegated OCSPSigning responder. */
  responderCertificate: Uint8Array;
  /** The responder certificate's key. */
  signer: Signer;
  /** Further DER certificates for `certs` after the responder's (an issuing CA, say). */
  includeCertificates?: readonly Uint8Array[];
}

export interface OcspResponder {
  /**
   * A signed, successful OCSPResponse (DER). Without a nonce a response depends only on its input,
   * so a caller may cache it per CertID until nextUpdate or until the certificate's status changes;
   * with a nonce it answers one request only.
   */
  respond(input: OcspResponseInput): Promise<Uint8Array>;
}

const OID_BASIC = objectIdentifier(oid.OID_PKIX_OCSP_BASIC);
const SUCCESSFUL = tlv(TAG.ENUMERATED, Uint8Array.of(0));

/**
 * An OCSP responder for one certificate and key. Everything that does not change per response is
 * encoded once here: the ResponderID, the signature algorithm and the `certs` field.
 */
export function createOcspResponder(options: OcspResponderOptions): OcspResponder {
  const responder = readCertificateKey(options.responderCertificate, 'responder certificate');
  for (const extra of options.includeCertificates ?? []) {
    readCertificateKey(extra, 'included certificate');
  }
  // ResponderID byKey [2] KeyHash: SHA-1 of the responder's public key BIT STRING value (4.2.1).
  const responderId = tlv(
    contextTag(2, true),
    tlv(TAG.OCTET_STRING, createHash('sha1').update(responder.publicKey).digest()),
  );
  const signatureAlgorithm = new Uint8Array(
    AsnConvert.serialize(signatureAlgorithmIdentifier(options.signer.scheme)),
  );
  // certs [0] EXPLICIT SEQUENCE OF Certificate: the responder's first, so clients can verify (4.2.1).
  const certs = tlv(
    contextTag(0, true),
    tlv(TAG.SEQUENCE, options.responderCertificate, ...(options.includeCertificates ?? [])),
  );

  return {
    async respond(input) {
      const tbsResponseData = responseData(responderId, input);
      const signature = await options.signer.sign(tbsResponseData);
      // BasicOCSPResponse ::= SEQUENCE { tbsResponseData, signatureAlgorithm, signature, certs }
      const basic = tlv(
        TAG.SEQUENCE,
        tbsResponseData,
        signatureAlgorithm,
        bitString(signature),
        certs,
      );
      // OCSPResponse ::= SEQUENCE { responseStatus, responseBytes [0] EXPLICIT ResponseBytes }
      // ResponseBytes ::= SEQUENCE { responseType id-pkix-ocsp-basic, response OCTET STRING }
      return tlv(
        TAG.SEQUENCE,
        SUCCESSFUL,
        tlv(contextTag(0, true), tlv(TAG.SEQUENCE, OID_BASIC, tlv(TAG.OCTET_STRING, basic))),
      );
    },
  };
}

/** One-off form of createOcspResponder, for callers that answer rarely. */
export function buildOcspResponse(
  input: OcspResponderOptions & OcspResponseInput,
): Promise<Uint8Array> {
  return createOcspResponder(input).respond(input);
}

/**
 * ResponseData ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, responderID, producedAt,
 * responses SEQUENCE OF SingleResponse, responseExtensions [1] EXPLICIT Extensions OPTIONAL }.
 * The version is v1, the default, so DER leaves it out (X.690 11.5).
 */
function responseData(responderId: Uint8Array, input: OcspResponseInput): Buffer {
  if (input.responses.length === 0) {
    throw new OcspError('INVALID_INPUT', 'An OCSP response needs at least one SingleResponse.');
  }
  const fields = [
    responderId,
    time(input.producedAt, 'producedAt'),
    tlv(TAG.SEQUENCE, ...input.responses.map(singleResponse)),
  ];
  if (input.nonce) {
    if (!isValidNonce(input.nonce)) {
      throw new OcspError('INVALID_INPUT', 'The nonce must have 1 to 128 octets (RFC 9654).');
    }
    fields.push(tlv(contextTag(1, true), tlv(TAG.SEQUENCE, nonceExtension(input.nonce))));
  }
  return tlv(TAG.SEQUENCE, ...fields);
}

/**
 * SingleResponse ::= SEQUENCE { certID, certStatus, thisUpdate GeneralizedTime,
 * nextUpdate [0] EXPLICIT GeneralizedTime OPTIONAL, singleExtensions [1] EXPLICIT OPTIONAL }
 */
function singleResponse(response: OcspSingleResponse): Buffer {
  const thisUpdate = time(response.thisUpdate, 'thisUpdate');
  const fields = [encodeCertId(response.certId), certStatus(response.status), thisUpdate];
  if (response.nextUpdate) {
    if (response.nextUpdate.getTime() < response.thisUpdate.getTime()) {
      throw new OcspError('INVALID_INPUT', 'The nextUpdate must not be before thisUpdate.');
    }
    fields.push(tlv(contextTag(0, true), time(response.nextUpdate, 'nextUpdate')));
  }
  return tlv(TAG.SEQUENCE, ...fields);
}

const GOOD = tlv(contextTag(0, false)); // good [0] IMPLICIT NULL
const UNKNOWN = tlv(contextTag(2, false)); // unknown [2] IMPLICIT UnknownInfo (NULL)

function certStatus(status: OcspCertStatus): Uint8Array {
  switch (status.type) {
    case 'good':
      return GOOD;
    case 'unknown':
      return UNKNOWN;
    case 'revoked':
      return revokedInfo(status.revocationTime, status.reason);
  }
}

/**
 * revoked [1] IMPLICIT RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime,
 * revocationReason [0] EXPLICIT CRLReason OPTIONAL }. As in Signet's CRLs (RFC 5280 5.3.1), an
 * unspecified reason is left out, and removeFromCRL is no status: such a certificate is good.
 */
function revokedInfo(revocationTime: Date, reason: RevocationReason | undefined): Buffer {
  const fields = [time(revocationTime, 'revocationTime')];
  if (reason === 'removeFromCRL') {
    throw new OcspError('INVALID_INPUT', 'removeFromCRL is not a revocation reason for OCSP.');
  }
  if (reason && reason !== 'unspecified') {
    const code = Uint8Array.of(REVOCATION_REASON_CODES[reason]);
    fields.push(tlv(contextTag(0, true), tlv(TAG.ENUMERATED, code)));
  }
  return tlv(contextTag(1, true), ...fields);
}

function time(date: Date, field: string): Buffer {
  const year = date.getUTCFullYear();
  // GeneralizedTime has four year digits; NaN (an invalid Date) fails too.
  if (!(year >= 0 && year <= 9999)) {
    throw new OcspError('INVALID_INPUT', `The ${field} is not a valid date.`);
  }
  return generalizedTime(date);
}

import { createHash, type KeyObject } from 'node:crypto';
import {
  CertID,
  OCSPResponse,
  OCSPResponseStatus,
  ResponseData,
  SingleResponse,
  Version,
} from '@peculiar/asn1-ocsp';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { decodeDer } from '../asn1/decode';
import {
  publicKeyFromSpki,
  schemeFromAlgorithmIdentifier,
  verifySignature,
  type SignatureScheme,
} from '../algorithms';
import { revocationReasonFromCode } from '../crl/reason';
import * as oid from '../oid';
import { certIdHashFromOid, type CertId } from './cert-id';
import { readCertificateKey } from './certificate';
import { DerReader } from '../asn1/der-reader';
import { contextTag, TAG } from '../asn1/der-writer';
import { OcspError } from './errors';
import { readNonce } from './nonce';
import type { OcspCertStatus, OcspSingleResponse } from './response';
import type { OcspErrorStatus } from './error-response';

export type ParsedOcspResponse =
  { status: OcspErrorStatus } | { status: 'successful'; basic: ParsedBasicOcspResponse };

/** A BasicOCSPResponse (RFC 6960 4.2.1), read and its signature checked. */
export interface ParsedBasicOcspResponse {
  /** byKey: SHA-1 of the responder's public key; byName: DER of the responder's Name. */
  responderId: { byKey: Uint8Array } | { byName: Uint8Array };
  producedAt: Date;
  responses: OcspSingleResponse[];
  /** The Nonce response extension's value (RFC 9654), for comparison with the request's. */
  nonce?: Uint8Array;
  /** DER certificates of the `certs` field, in order. */
  certificates: Uint8Array[];
  /**
   * The certificate the signature was checked with: the one given by the caller, else the included
   * one the responderID names. Undefined when there is none.
   */
  signerCertificate?: Uint8Array;
  /**
   * Whether the signature verifies with signerCertificate's key. Whether that certificate may
   * answer for the certificate's issuer (RFC 6960 4.2.2.2) is for path validation to decide.
   */
  signatureValid: boolean;
}

function fail(message: string, cause?: unknown): never {
  throw new OcspError('MALFORMED_RESPONSE', message, { cause });
}

/** The one strict decoder, its failures as MALFORMED_RESPONSE. */
function parse<T>(der: Uint8Array, type: new () => T, what: string): T {
  return decodeDer(der, type, what, { fail });
}

/**
 * Reads a DER OCSPResponse (RFC 6960 4.2.1) for a verifier. A successful response must be a
 * BasicOCSPResponse; its signature is checked with `responderCertificate` when given, else with
 * the included certificate that its responderID names.
 */
export function parseOcspResponse(
  der: Uint8Array,
  options: { responderCertificate?: Uint8Array } = {},
): ParsedOcspResponse {
  const response = parse(der, OCSPResponse, 'OCSP response');
  const status = OCSPResponseStatus[response.responseStatus] as string | undefined;
  if (status === undefined) fail(`The OCSP response status ${response.responseStatus} is unknown.`);
  if (status !== 'successful') return { status: status as OcspErrorStatus };
  const bytes = response.responseBytes;
  if (!bytes) fail('The successful OCSP response has no responseBytes.');
  if (bytes.responseType !== oid.OID_PKIX_OCSP_BASIC) {
    fail(`The OCSP response type ${bytes.responseType} is not id-pkix-ocsp-basic.`);
  }
  return {
    status: 'successful',
    basic: readBasicResponse(new Uint8Array(bytes.response.buffer), options.responderCertificate),
  };
}

function readBasicResponse(
  der: Uint8Array,
  responderCertificate: Uint8Array | undefined,
): ParsedBasicOcspResponse {
  // BasicOCSPResponse ::= SEQUENCE { tbsResponseData ResponseData, signatureAlgorithm,
  //   signature BIT STRING, certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
  const outer = new DerReader(der, fail);
  const fields = new DerReader(outer.expect(TAG.SEQUENCE, 'BasicOCSPResponse').contents, fail);
  outer.end('BasicOCSPResponse');
  const tbs = fields.expect(TAG.SEQUENCE, 'tbsResponseData').encoded;
  const algorithm = fields.expect(TAG.SEQUENCE, 'signatureAlgorithm').encoded;
  const signature = fields.expect(TAG.BIT_STRING, 'signature').contents;
  const certs = fields.optional(contextTag(0, true), 'certs');
  fields.end('BasicOCSPResponse');
  if (signature[0] !== 0) fail('The signature BIT STRING has unused bits.');
  const certificates = certs ? readCertificates(certs.contents) : [];

  const data = parse(tbs, ResponseData, 'ResponseData');
  if (data.version !== Version.v1) fail(`The ResponseData version ${data.version} is not v1.`);
  const responderId = readResponderId(data);
  const nonceExtension = data.responseExtensions?.find((e) => e.extnID === oid.OID_PKIX_OCSP_NONCE);
  const signerCertificate =
    responderCertificate ?? certificates.find((c) => namesResponder(c, responderId));
  const scheme = signatureScheme(parse(algorithm, AlgorithmIdentifier, 'signatureAlgorithm'));
  return {
    responderId,
    producedAt: data.producedAt,
    responses: data.responses.map(singleResponse),
    ...(nonceExtension && {
      nonce: Uint8Array.from(readNonce(new Uint8Array(nonceExtension.extnValue.buffer), fail)),
    }),
    certificates,
    signerCertificate,
    signatureValid:
      signerCertificate !== undefined &&
      verifySignature(scheme, publicKeyOf(signerCertificate), tbs, signature.subarray(1)),
  };
}

/** ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash } (4.2.1) */
function readResponderId(data: ResponseData): ParsedBasicOcspResponse['responderId'] {
  const { byKey, byName } = data.responderID;
  if (byKey) return { byKey: new Uint8Array(byKey.buffer) };
  if (byName) return { byName: new Uint8Array(AsnConvert.serialize(byName)) };
  return fail('The ResponderID is empty.');
}

function readCertificates(contents: Uint8Array): Uint8Array[] {
  const outer = new DerReader(contents, fail);
  const list = new DerReader(outer.expect(TAG.SEQUENCE, 'certs').contents, fail);
  outer.end('certs');
  const certificates: Uint8Array[] = [];
  while (!list.done) {
    certificates.push(Uint8Array.from(list.expect(TAG.SEQUENCE, 'Certificate').encoded));
  }
  return certificates;
}

/**
 * Whether a DER certificate is the one a ResponderID names (RFC 6960 4.2.1): byKey is the SHA-1
 * of its subjectPublicKey BIT STRING value, byName the DER of its subject. Throws OcspError for a
 * certificate that cannot be read.
 */
export function namesResponder(
  certificate: Uint8Array,
  responderId: ParsedBasicOcspResponse['responderId'],
): boolean {
  const key = readCertificateKey(certificate, 'included certificate');
  const expected =
    'byKey' in responderId
      ? createHash('sha1').update(key.publicKey).digest()
      : Buffer.from(key.subject);
  return expected.equals('byKey' in responderId ? responderId.byKey : responderId.byName);
}

function signatureScheme(algorithm: AlgorithmIdentifier): SignatureScheme {
  try {
    return schemeFromAlgorithmIdentifier(algorithm);
  } catch (cause) {
    throw new OcspError(
      'UNSUPPORTED_ALGORITHM',
      `The OCSP response signature algorithm ${algorithm.algorithm} is not supported.`,
      { cause },
    );
  }
}

function publicKeyOf(certificate: Uint8Array): KeyObject {
  const key = readCertificateKey(certificate, 'responder certificate');
  try {
    return publicKeyFromSpki(key.publicKeyInfo);
  } catch (cause) {
    throw new OcspError('MALFORMED_CERTIFICATE', "The responder's public key cannot be read.", {
      cause,
    });
  }
}

/** SingleResponse (4.2.1), in the form the responder takes it. */
function singleResponse(response: SingleResponse): OcspSingleResponse {
  return {
    certId: certId(response.certID),
    status: certStatus(response),
    thisUpdate: response.thisUpdate,
    ...(response.nextUpdate && { nextUpdate: response.nextUpdate }),
  };
}

function certId(id: CertID): CertId {
  const hash = certIdHashFromOid(id.hashAlgorithm.algorithm);
  if (!hash) {
    throw new OcspError(
      'UNSUPPORTED_ALGORITHM',
      `The CertID hash algorithm ${id.hashAlgorithm.algorithm} is not supported.`,
    );
  }
  const { parameters } = id.hashAlgorithm;
  if (parameters !== null && parameters !== undefined) fail('The CertID hash has parameters.');
  return {
    hash,
    issuerNameHash: new Uint8Array(id.issuerNameHash.buffer),
    issuerKeyHash: new Uint8Array(id.issuerKeyHash.buffer),
    serialNumber: new Uint8Array(id.serialNumber),
    hashParameters: parameters === null ? 'null' : 'absent',
  };
}

/** CertStatus ::= CHOICE { good [0], revoked [1] RevokedInfo, unknown [2] } (4.2.1) */
function certStatus(response: SingleResponse): OcspCertStatus {
  const { good, revoked, unknown } = response.certStatus;
  if (good !== undefined) return { type: 'good' };
  if (unknown !== undefined) return { type: 'unknown' };
  if (!revoked) return fail('The CertStatus is empty.');
  const code = revoked.revocationReason?.reason;
  if (code === undefined) return { type: 'revoked', revocationTime: revoked.revocationTime };
  const reason = revocationReasonFromCode(code);
  if (!reason) fail(`The revocation reason code ${code} is unknown.`);
  return { type: 'revoked', revocationTime: revoked.revocationTime, reason };
}

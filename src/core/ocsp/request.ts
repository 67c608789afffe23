import { readHashAlgorithm, certIdHashLength, type CertId } from './cert-id';
import { DerReader, type Tlv } from '../asn1/der-reader';
import { contextTag, TAG } from '../asn1/der-writer';
import { OcspError } from './errors';
import { NONCE_OID_DER, readNonce } from './nonce';

export interface OcspRequestSummary {
  /** One entry per Request of the requestList, in order; never empty. */
  requests: { certId: CertId }[];
  /** The value of the Nonce request extension (RFC 9654), when the client sent one. */
  nonce?: Uint8Array;
}

function fail(message: string): never {
  throw new OcspError('MALFORMED_REQUEST', message);
}

/**
 * Reads a DER OCSPRequest (RFC 6960 4.1.1). A signed request is accepted, and its signature is not
 * checked: Signet does not require signed requests (4.1.2). Anything else than a well-formed
 * request naming at least one certificate fails with MALFORMED_REQUEST.
 */
export function parseOcspRequest(der: Uint8Array): OcspRequestSummary {
  // OCSPRequest ::= SEQUENCE { tbsRequest TBSRequest, optionalSignature [0] EXPLICIT Signature OPTIONAL }
  const outer = new DerReader(der, fail);
  const request = new DerReader(outer.expect(TAG.SEQUENCE, 'OCSPRequest').contents, fail);
  outer.end('OCSPRequest');
  const tbs = new DerReader(request.expect(TAG.SEQUENCE, 'TBSRequest').contents, fail);
  request.optional(contextTag(0, true), 'optionalSignature');
  request.end('OCSPRequest');

  // TBSRequest ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1,
  //   requestorName [1] EXPLICIT GeneralName OPTIONAL, requestList SEQUENCE OF Request,
  //   requestExtensions [2] EXPLICIT Extensions OPTIONAL }
  const version = tbs.optional(contextTag(0, true), 'version');
  if (version && !isVersion1(version)) fail('The OCSP request version is not v1.');
  tbs.optional(contextTag(1, true), 'requestorName');
  const list = new DerReader(tbs.expect(TAG.SEQUENCE, 'requestList').contents, fail);
  const requests: { certId: CertId }[] = [];
  while (!list.done) requests.push({ certId: readRequest(list.expect(TAG.SEQUENCE, 'Request')) });
  if (requests.length === 0) fail('The OCSP request names no certificate.');
  const extensions = tbs.optional(contextTag(2, true), 'requestExtensions');
  tbs.end('TBSRequest');

  const nonce = extensions ? readRequestExtensions(extensions) : undefined;
  return nonce ? { requests, nonce } : { requests };
}

function isVersion1(field: Tlv): boolean {
  const reader = new DerReader(field.contents, fail);
  const integer = reader.expect(TAG.INTEGER, 'version');
  reader.end('version');
  return integer.contents.length === 1 && integer.contents[0] === 0;
}

/** Request ::= SEQUENCE { reqCert CertID, singleRequestExtensions [0] EXPLICIT Extensions OPTIONAL } */
function readRequest(field: Tlv): CertId {
  const request = new DerReader(field.contents, fail);
  const certId = readCertId(request.expect(TAG.SEQUENCE, 'CertID'));
  const extensions = request.optional(contextTag(0, true), 'singleRequestExtensions');
  request.end('Request');
  // No single request extension is understood (4.4): a critical one cannot be honoured.
  if (extensions) for (const e of readExtensions(extensions)) refuseIfCritical(e);
  return certId;
}

/** CertID ::= SEQUENCE { hashAlgorithm, issuerNameHash, issuerKeyHash, serialNumber } (4.1.1) */
function readCertId(field: Tlv): CertId {
  const reader = new DerReader(field.contents, fail);
  const algorithm = readHashAlgorithm(reader.expect(TAG.SEQUENCE, 'hashAlgorithm').encoded);
  if (!algorithm) fail('The CertID hash algorithm is not supported.');
  const issuerNameHash = reader.expect(TAG.OCTET_STRING, 'issuerNameHash').contents;
  const issuerKeyHash = reader.expect(TAG.OCTET_STRING, 'issuerKeyHash').contents;
  const serialNumber = reader.expect(TAG.INTEGER, 'serialNumber').contents;
  reader.end('CertID');
  const length = certIdHashLength(algorithm.hash);
  if (issuerNameHash.length !== length || issuerKeyHash.length !== length) {
    fail(`The CertID hashes are not ${algorithm.hash} values.`);
  }
  if (serialNumber.length === 0) fail('The CertID serial number is empty.');
  return {
    hash: algorithm.hash,
    issuerNameHash: Uint8Array.from(issuerNameHash),
    issuerKeyHash: Uint8Array.from(issuerKeyHash),
    serialNumber: Uint8Array.from(serialNumber),
    hashParameters: algorithm.parameters,
  };
}

/** The nonce, the one request extension Signet understands (RFC 9654). */
function readRequestExtensions(field: Tlv): Uint8Array | undefined {
  let nonce: Uint8Array | undefined;
  for (const extension of readExtensions(field)) {
    if (!extension.id.equals(NONCE_OID_DER)) {
      refuseIfCritical(extension);
    } else if (nonce) {
      fail('The OCSP request has two nonces.');
    } else {
      nonce = Uint8Array.from(readNonce(extension.value, fail));
    }
  }
  return nonce;
}

interface ExtensionField {
  /** DER OBJECT IDENTIFIER. */
  id: Buffer;
  critical: boolean;
  value: Uint8Array;
}

/** Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension (RFC 5280 4.1) */
function readExtensions(field: Tlv): ExtensionField[] {
  const outer = new DerReader(field.contents, fail);
  const list = new DerReader(outer.expect(TAG.SEQUENCE, 'Extensions').contents, fail);
  outer.end('Extensions');
  const extensions: ExtensionField[] = [];
  while (!list.done) {
    // Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
    const extension = new DerReader(list.expect(TAG.SEQUENCE, 'Extension').contents, fail);
    const id = Buffer.from(extension.expect(TAG.OBJECT_IDENTIFIER, 'extnID').encoded);
    const critical = extension.optional(TAG.BOOLEAN, 'critical');
    if (critical && critical.contents.length !== 1)
      fail('The extension critical flag is not a BOOLEAN.');
    const value = extension.expect(TAG.OCTET_STRING, 'extnValue').contents;
    extension.end('Extension');
    extensions.push({ id, critical: critical !== undefined && critical.contents[0] !== 0, value });
  }
  return extensions;
}

/** RFC 6960 4.4: unrecognized extensions are ignored, unless they are critical. */
function refuseIfCritical(extension: ExtensionField): void {
  if (extension.critical) fail('The OCSP request has a critical extension Signet does not know.');
}

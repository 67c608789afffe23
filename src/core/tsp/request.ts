/**
 * Reading a TimeStampReq (RFC 3161 section 2.4.1) as a TSA must: each reason to refuse is a
 * TspError whose failInfo is the PKIFailureInfo of the rejection response (section 2.4.2).
 */
import { TimeStampReq } from '@peculiar/asn1-tsp';
import type { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { hashFromOid, hashLength, type HashName } from '../algorithms';
import { decodeDer } from '../asn1/decode';
import { OID_SIGNET_TSA_POLICY } from '../oid';
import { TspError } from './errors';

export interface TimeStampRequest {
  hash: HashName;
  /**
   * The hash AlgorithmIdentifier as requested (parameters absent or NULL): the token's
   * messageImprint must have the same value as the request's (RFC 3161 2.4.2).
   */
  hashAlgorithm: AlgorithmIdentifier;
  messageImprint: Uint8Array;
  /** The nonce INTEGER's content octets as received, to echo unchanged. */
  nonce?: Uint8Array;
  certReq: boolean;
  reqPolicy?: string;
}

export interface TimeStampRequestOptions {
  /** TSA policies a request may ask for (reqPolicy); default Signet's own. */
  acceptedPolicies?: readonly string[];
}

/** Small requests only: a TimeStampReq has a few dozen nodes. */
const REQUEST_MAX_NODES = 1000;

export function parseTimeStampRequest(
  der: Uint8Array,
  options: TimeStampRequestOptions = {},
): TimeStampRequest {
  const request = decodeRequest(der);
  // version v1 is the only one (RFC 3161 2.4.1).
  if (request.version !== 1) {
    throw new TspError(
      'BAD_REQUEST',
      `The time-stamp request version ${request.version} is not 1.`,
    );
  }
  const { hashAlgorithm, hashedMessage } = request.messageImprint;
  const hash = checkHashAlgorithm(hashAlgorithm);
  const messageImprint = new Uint8Array(hashedMessage.buffer);
  if (messageImprint.length !== hashLength(hash)) {
    throw new TspError(
      'BAD_DATA_FORMAT',
      `The message imprint has ${messageImprint.length} octets, not the ${hashLength(hash)} of ${hash}.`,
    );
  }
  const accepted = options.acceptedPolicies ?? [OID_SIGNET_TSA_POLICY];
  if (request.reqPolicy !== undefined && !accepted.includes(request.reqPolicy)) {
    throw new TspError('UNACCEPTED_POLICY', `The TSA policy ${request.reqPolicy} is not offered.`);
  }
  // Signet knows no request extension; critical or not, it must refuse them (RFC 3161 2.4.1).
  if (request.extensions && request.extensions.length > 0) {
    throw new TspError('UNACCEPTED_EXTENSION', 'The time-stamp request carries an extension.');
  }
  return {
    hash,
    hashAlgorithm,
    messageImprint,
    nonce: request.nonce && new Uint8Array(request.nonce),
    certReq: request.certReq,
    reqPolicy: request.reqPolicy,
  };
}

function decodeRequest(der: Uint8Array): TimeStampReq {
  try {
    return decodeDer(der, TimeStampReq, 'time-stamp request', { maxNodes: REQUEST_MAX_NODES });
  } catch (cause) {
    throw new TspError('BAD_DATA_FORMAT', 'The time-stamp request is not a DER TimeStampReq.', {
      cause,
    });
  }
}

/** A hash of the algorithm table (no MD5, no SHA-1), with absent or NULL parameters. */
function checkHashAlgorithm(algorithm: AlgorithmIdentifier): HashName {
  const hash = hashFromOid(algorithm.algorithm);
  if (!hash) {
    throw new TspError('BAD_ALG', `The hash algorithm ${algorithm.algorithm} is not accepted.`);
  }
  if (algorithm.parameters !== undefined && algorithm.parameters !== null) {
    throw new TspError('BAD_ALG', `The ${hash} AlgorithmIdentifier has parameters.`);
  }
  return hash;
}

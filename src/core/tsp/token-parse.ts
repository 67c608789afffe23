/**
 * A TimeStampToken read for verifiers (RFC 3161 section 2.4.2): the TSTInfo fields and the CMS
 * view of the SignedData around it. Checking the TSA's signature and certificate is the
 * verifier's work, not the parser's.
 */
import { TSTInfo } from '@peculiar/asn1-tsp';
import type { AlgorithmIdentifier, GeneralName } from '@peculiar/asn1-x509';
import { hashFromOid, type HashName } from '../algorithms';
import { decodeDer } from '../asn1/decode';
import { parseSignedData, type SignedDataView } from '../cms/parse';
import { OID_CT_TST_INFO } from '../oid';
import { TspError } from './errors';

export interface TstInfoView {
  policy: string;
  hashAlgorithm: AlgorithmIdentifier;
  /** The imprint's hash when Signet accepts it; undefined otherwise. */
  hash: HashName | undefined;
  messageImprint: Uint8Array;
  /** INTEGER content octets. */
  serialNumber: Uint8Array;
  genTime: Date;
  accuracy?: { seconds: number; millis?: number; micros?: number };
  ordering: boolean;
  /** INTEGER content octets. */
  nonce?: Uint8Array;
  tsa?: GeneralName;
}

export interface TimeStampTokenView {
  tstInfo: TstInfoView;
  /** The TSTInfo DER, which the token's message-digest attribute covers. */
  tstInfoDer: Uint8Array;
  signedData: SignedDataView;
}

export function parseTimeStampToken(der: Uint8Array): TimeStampTokenView {
  const signedData = parseSignedData(der);
  const tstInfoDer = signedData.content;
  if (signedData.contentType !== OID_CT_TST_INFO || !tstInfoDer) {
    throw new TspError('INVALID_TOKEN', 'The time-stamp token does not encapsulate a TSTInfo.');
  }
  // The token carries the TSA's signature and no other (RFC 3161 2.4.2).
  if (signedData.signerInfos.length !== 1) {
    throw new TspError('INVALID_TOKEN', 'The time-stamp token must have exactly one SignerInfo.');
  }
  const tst = decodeDer(tstInfoDer, TSTInfo, 'TSTInfo');
  if (tst.version !== 1) {
    throw new TspError('INVALID_TOKEN', `The TSTInfo version ${tst.version} is not 1.`);
  }
  const { hashAlgorithm, hashedMessage } = tst.messageImprint;
  return {
    tstInfo: {
      policy: tst.policy,
      hashAlgorithm,
      hash: hashFromOid(hashAlgorithm.algorithm),
      messageImprint: new Uint8Array(hashedMessage.buffer),
      serialNumber: new Uint8Array(tst.serialNumber),
      genTime: tst.genTime,
      accuracy: tst.accuracy && {
        seconds: tst.accuracy.seconds,
        millis: tst.accuracy.millis,
        micros: tst.accuracy.micros,
      },
      ordering: tst.ordering,
      nonce: tst.nonce && new Uint8Array(tst.nonce),
      tsa: tst.tsa,
    },
    tstInfoDer,
    signedData,
  };
}

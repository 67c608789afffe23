/** TimeStampResp (RFC 3161 section 2.4.2): what a TSA answers, and its reading by a client. */
import { PKIFreeText, PKIStatus, PKIStatusInfo } from '@peculiar/asn1-tsp';
import { decodeDer } from '../asn1/decode';
import { DerElement } from '../asn1/der-element';
import { TimeStampResp } from '../asn1/tsp';
import { toDer } from '../encoding';
import { TspError } from './errors';
import { failureInfoBitString, failureInfoNames, type PkiFailureInfoName } from './failure-info';

/** A granted response carrying the token (TimeStampToken DER). */
export function grantedResponse(tokenDer: Uint8Array): Uint8Array {
  return toDer(
    new TimeStampResp({
      status: new PKIStatusInfo({ status: PKIStatus.granted }),
      timeStampToken: new DerElement(tokenDer),
    }),
  );
}

/** A rejection with one PKIFailureInfo bit and an optional text for people. */
export function rejectionResponse(failInfo: PkiFailureInfoName, statusText?: string): Uint8Array {
  return toDer(
    new TimeStampResp({
      status: new PKIStatusInfo({
        status: PKIStatus.rejection,
        statusString: statusText === undefined ? undefined : new PKIFreeText([statusText]),
        failInfo: failureInfoBitString(failInfo),
      }),
    }),
  );
}

export interface TimeStampResponseView {
  status: PKIStatus;
  statusText: string[];
  failInfo: PkiFailureInfoName[];
  /** The TimeStampToken DER, present when the status is granted or grantedWithMods. */
  token?: Uint8Array;
}

export function parseTimeStampResponse(der: Uint8Array): TimeStampResponseView {
  const response = decodeDer(der, TimeStampResp, 'time-stamp response');
  const { status, statusString, failInfo } = response.status;
  const granted = status === PKIStatus.granted || status === PKIStatus.grantedWithMods;
  const token = response.timeStampToken?.der;
  // A token comes with a granted status and only then (RFC 3161 2.4.2).
  if (granted !== (token !== undefined)) {
    throw new TspError(
      'INVALID_RESPONSE',
      granted ? 'The granted response has no token.' : 'The refused response carries a token.',
    );
  }
  return {
    status,
    statusText: statusString ? [...statusString] : [],
    failInfo: failInfo ? failureInfoNames(failInfo) : [],
    token,
  };
}

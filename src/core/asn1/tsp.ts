/**
 * TimeStampResp (RFC 3161 section 2.4.2) with the token kept as DER: the token is signed, so a
 * response is built around the bytes the TSA signed and a client reads those bytes unchanged.
 * The other RFC 3161 structures come from @peculiar/asn1-tsp.
 */
import { AsnProp } from '@peculiar/asn1-schema';
import { PKIStatusInfo } from '@peculiar/asn1-tsp';
import { DerElement } from './der-element';

/** TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken TimeStampToken OPTIONAL } */
export class TimeStampResp {
  @AsnProp({ type: PKIStatusInfo })
  status = new PKIStatusInfo();

  @AsnProp({ type: DerElement, optional: true })
  timeStampToken?: DerElement;

  constructor(params: Partial<TimeStampResp> = {}) {
    Object.assign(this, params);
  }
}

import { OID_SIGNET_TSA_POLICY } from '../core/oid';
import type { HashName } from '../core/algorithms';
import {
  createTimeStampToken,
  grantedResponse,
  parseTimeStampRequest,
  rejectionResponse,
  TspError,
  type TimeStampAccuracy,
} from '../core/tsp';
import type { AuthorityLookup, Clock, RandomSource } from '../ports';
import type { Tsa } from './ports';

/** A TimeStampResp and its PKIStatus (RFC 3161 2.4.2), which the metrics count. */
export interface TimeStampAnswer {
  der: Uint8Array;
  status: 'granted' | 'rejection';
}

/** genTime is the clock's time, which NTP keeps within well under a second. */
const ACCURACY: TimeStampAccuracy = { seconds: 1 };
const SERIAL_BYTES = 16;

/**
 * Signet's RFC 3161 timestamp authority: answers TimeStampReq over HTTP and tokens in-process for
 * B-T signatures (the Tsa port). Serials are 16 CSPRNG bytes, so two tokens never share one
 * (RFC 3161 2.4.2: serialNumber unique for each token) without a counter shared by all nodes.
 */
export class TimestampAuthority implements Tsa {
  constructor(
    private readonly deps: { clock: Clock; random: RandomSource; authorities: AuthorityLookup },
  ) {}

  /** An HTTP request: a TimeStampResp, granted or rejected with the RFC's failInfo, never a throw for bad input. */
  async respond(queryDer: Uint8Array): Promise<TimeStampAnswer> {
    let request;
    try {
      request = parseTimeStampRequest(queryDer, { acceptedPolicies: [OID_SIGNET_TSA_POLICY] });
    } catch (error) {
      if (error instanceof TspError && error.failInfo) {
        return { der: rejectionResponse(error.failInfo, error.message), status: 'rejection' };
      }
      throw error;
    }
    const token = await this.token({
      hash: request.hash,
      hashAlgorithm: request.hashAlgorithm,
      messageImprint: request.messageImprint,
      nonce: request.nonce,
      includeCertificate: request.certReq,
    });
    return { der: grantedResponse(token), status: 'granted' };
  }

  /** The Tsa port: a token for the signature-time-stamp of a CAdES B-T signature (certificate included). */
  timestamp(messageImprint: Uint8Array, hash: HashName): Promise<Uint8Array> {
    return this.token({ hash, messageImprint, includeCertificate: true });
  }

  private token(fields: {
    hash: HashName;
    hashAlgorithm?: Parameters<typeof createTimeStampToken>[0]['hashAlgorithm'];
    messageImprint: Uint8Array;
    nonce?: Uint8Array;
    includeCertificate: boolean;
  }): Promise<Uint8Array> {
    const tsa = this.deps.authorities.get('tsa');
    return createTimeStampToken({
      ...fields,
      serialNumber: positive(this.deps.random.bytes(SERIAL_BYTES)),
      genTime: this.deps.clock.now(),
      accuracy: ACCURACY,
      policy: OID_SIGNET_TSA_POLICY,
      signer: tsa.signer,
      tsaCertificate: tsa.der,
    });
  }
}

/** A positive INTEGER's content octets of full length (top bit clear, next bit set). */
function positive(random: Uint8Array): Uint8Array {
  const out = Uint8Array.from(random);
  out[0] = ((out[0] ?? 0) & 0x7f) | 0x40;
  return out;
}

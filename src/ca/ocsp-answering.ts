import { isRevocationReason } from '../core/crl';
import { serialToHex } from '../core/encoding';
import {
  createCertIdMatcher,
  createOcspResponder,
  ocspErrorResponse,
  OcspError,
  parseOcspRequest,
  type CertId,
  type OcspCertStatus,
  type OcspErrorStatus,
  type OcspResponseStatusName,
  type OcspResponder,
  type OcspSingleResponse,
} from '../core/ocsp';
import { encodeCertId } from '../core/ocsp/cert-id';
import type { AuthorityCache, CaDeps } from './context';

interface Responder {
  core: OcspResponder;
  matches: (certId: CertId) => boolean;
  issuerKeyId: string;
}

/** How long a response stays current; it is re-signed when half of that has passed. */
const RESPONSE_VALIDITY_MS = 60 * 60_000;
const MAX_CACHED = 50_000;

/** An OCSPResponse and its responseStatus (RFC 6960 4.2.1), which the metrics count. */
export interface OcspAnswer {
  der: Uint8Array;
  status: OcspResponseStatusName;
}

interface Cached {
  der: Uint8Array;
  statusKey: string;
  refreshAt: number;
}

/**
 * The OCSP responder's use case (RFC 6960), signed by the delegated OCSP certificate.
 *
 * Responses without a nonce are pre-signed and cached per CertID. Each request still reads the
 * certificate's status from the store (one indexed look-up) and serves the cached response only if
 * it was built from that same status: a revocation, by the API or by the CLI in another process,
 * changes what every next request gets at once, with no invalidation message to lose.
 */
export class OcspResponderService {
  private readonly cache = new Map<string, Cached>();
  private responders?: Responder[];
  private respondersGeneration?: number;

  constructor(
    private readonly deps: CaDeps,
    private readonly authorities: AuthorityCache,
  ) {}

  async respond(requestDer: Uint8Array): Promise<OcspAnswer> {
    let request;
    try {
      request = parseOcspRequest(requestDer);
    } catch (error) {
      if (error instanceof OcspError) return refusal('malformedRequest');
      throw error;
    }
    // RFC 6960 2.3: "unauthorized" when no responder may answer for every certificate's issuer.
    // After a rollover, the retired issuing CA's responder answers for the certificates it issued.
    const responder = this.load().find((candidate) =>
      request.requests.every((r) => candidate.matches(r.certId)),
    );
    if (!responder) return refusal('unauthorized');

    const now = this.deps.clock.now();
    const statuses = request.requests.map((r) => this.status(r.certId, responder.issuerKeyId));
    const single = request.requests.length === 1 && !request.nonce;
    const first = request.requests[0];
    const key =
      single && first ? Buffer.from(encodeCertId(first.certId)).toString('base64') : undefined;
    const statusKey = statuses.map((s) => JSON.stringify(s)).join('|');
    const hit = key ? this.cache.get(key) : undefined;
    if (hit && hit.statusKey === statusKey && hit.refreshAt > now.getTime()) {
      return { der: hit.der, status: 'successful' };
    }

    const responses: OcspSingleResponse[] = request.requests.map((r, i) => ({
      certId: r.certId,
      status: statuses[i] ?? { type: 'unknown' },
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + RESPONSE_VALIDITY_MS),
    }));
    const der = await responder.core.respond({ producedAt: now, responses, nonce: request.nonce });
    if (key)
      this.remember(key, { der, statusKey, refreshAt: now.getTime() + RESPONSE_VALIDITY_MS / 2 });
    return { der, status: 'successful' };
  }

  /** The status of a serial of the issuing CA; never issued (or unknown) answers "unknown". */
  private status(certId: CertId, issuerKeyId: string): OcspCertStatus {
    const serial = serialToHex(certId.serialNumber);
    const record = this.deps.certificates
      .findBySerial(serial)
      .find((c) => c.issuerKeyId === issuerKeyId);
    if (record?.status === 'issued') return { type: 'good' };
    if (record?.status === 'revoked' && record.revokedAt) {
      const reason = record.revocationReason;
      return {
        type: 'revoked',
        revocationTime: new Date(record.revokedAt),
        ...(reason && isRevocationReason(reason) ? { reason } : {}),
      };
    }
    return { type: 'unknown' };
  }

  /**
   * A responder per issuing CA in force or retired: the newest OCSP certificate it issued. Built
   * again after a rollover (a new generation of the authorities), by this process or another.
   */
  private load(): Responder[] {
    const generation = this.authorities.generation();
    if (this.responders && this.respondersGeneration === generation) return this.responders;
    this.respondersGeneration = generation;
    const now = this.deps.clock.now();
    const ocsps = [this.authorities.get('ocsp'), ...this.authorities.retired('ocsp', now)];
    this.responders = this.authorities.issuingCas(now).flatMap((issuing) => {
      const ocsp = ocsps.find((o) => o.issuerKeyIdHex === issuing.keyIdentifierHex);
      if (!ocsp) return [];
      return [
        {
          core: createOcspResponder({ responderCertificate: ocsp.der, signer: ocsp.signer }),
          matches: createCertIdMatcher(issuing.der),
          issuerKeyId: issuing.keyIdentifierHex,
        },
      ];
    });
    return this.responders;
  }

  private remember(key: string, value: Cached): void {
    if (this.cache.size >= MAX_CACHED) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.delete(key);
    this.cache.set(key, value);
  }
}

function refusal(status: OcspErrorStatus): OcspAnswer {
  return { der: ocspErrorResponse(status), status };
}

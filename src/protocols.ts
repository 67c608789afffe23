/**
 * Every router of the HTTP app, wired in this one place: the public PKI files, the OpenAPI
 * document, administration, the OCSP responder, the timestamp authority, signing (sharing the same
 * in-process TSA, the Tsa port), verification, operations and the citizen page. Each router gets
 * only its use case's dependencies; createApp (http/app.ts) adds the middleware around them.
 */
import { logRouter } from './http/routes/log';
import type { Router } from 'express';
import { authenticate } from './ca/authenticate';
import { OcspResponderService } from './ca/ocsp-answering';
import { issueReceipt } from './ca/validation-receipt';
import type { Services } from './compose';
import { adminRouter } from './http/routes/admin';
import { ocspRouter } from './http/routes/ocsp';
import { openApiRouter } from './http/routes/openapi';
import { pkiRouter } from './http/routes/pki';
import { signingRouter } from './http/routes/signing';
import { tsaRouter } from './http/routes/tsa';
import { verifyRouter } from './http/routes/verify';
import { webRouter } from './http/routes/web';
import type { HttpMetrics } from './http/metrics';
import { operationsRouter } from './http/routes/operations';
import { countingOcsp, countingTsa, readinessProbe, serviceMetrics } from './observability';
import { caVerificationDeps } from './verification';
import { inlineVerifier, type Verifier } from './workers/verifier';

export interface RouterOptions {
  maxDocumentBytes: number;
  /** SIGNET_TIME_ZONE: the IANA zone the verification page shows times in (Asia/Shanghai). */
  timeZone?: string;
  /** The metrics the app's middleware records into; a fresh set when absent (tests). */
  metrics?: HttpMetrics;
  /** Checks SIGNET_METRICS_TOKEN (see observability.ts). */
  isScrapeToken?: (token: string) => boolean;
  /** Where verification runs: the server's worker pool; in the calling thread when absent. */
  verifier?: Verifier;
  /** Where a failing readiness check reports its cause (the log). */
  reportNotReady?: (check: string, cause: unknown) => void;
  /** The OCSP responder and TSA, when the server's lean path (http/lean.ts) shares them. */
  endpoints?: ProtocolEndpoints;
}

export type ProtocolEndpoints = ReturnType<typeof protocolEndpoints>;

/** The OCSP responder (with its cache of pre-signed responses) and the TSA, counting answers. */
export function protocolEndpoints(services: Services, metrics: HttpMetrics) {
  return {
    ocsp: countingOcsp(new OcspResponderService(services.deps, services.authorities), metrics),
    tsa: countingTsa(services.tsa, metrics),
  };
}

export function appRouters(services: Services, options: RouterOptions): Router[] {
  const metrics = options.metrics ?? serviceMetrics(services);
  const bearer = (token: string) => authenticate(services.deps, token);
  const { ocsp, tsa } = options.endpoints ?? protocolEndpoints(services, metrics);
  const pki = pkiRouter({ authorities: services.authorities, crl: services.crl });
  const admin = adminRouter({
    ca: services.deps,
    authorities: services.authorities,
    authenticate: bearer,
  });
  const signing = signingRouter({
    signing: { ...services.signing, tsa },
    documents: services.registry,
    authenticate: bearer,
    maxDocumentBytes: options.maxDocumentBytes,
  });
  const operations = operationsRouter({
    metrics,
    readiness: readinessProbe(services, options.reportNotReady),
    authenticate: bearer,
    isScrapeToken: options.isScrapeToken,
  });
  const web = webRouter({
    documents: services.registry,
    publicUrl: () => services.deps.publicUrl,
    timeZone: options.timeZone,
  });
  const verification = verifyRouter({
    verifier:
      options.verifier ??
      inlineVerifier(caVerificationDeps({ ...services.signing, logVkey: services.log.vkey })),
    maxDocumentBytes: options.maxDocumentBytes,
    receipt: (report) =>
      issueReceipt({ ca: services.deps, authorities: services.authorities, tsa }, report),
  });
  return [
    pki,
    openApiRouter(),
    admin,
    ocspRouter(ocsp),
    tsaRouter(tsa),
    signing,
    verification,
    operations,
    web,
    logRouter({ store: services.log.store, documents: services.registry }),
  ];
}

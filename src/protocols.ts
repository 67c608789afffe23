/**
 * Wiring of the use-case routers beyond the CA's own: the OCSP responder, the timestamp authority
 * and signing, which shares the same in-process TSA (the Tsa port).
 */
import { logRouter } from './http/routes/log';
import type { Router } from 'express';
import { authenticate } from './ca/authenticate';
import { OcspResponderService } from './ca/ocsp-responder';
import type { Services } from './compose';
import { ocspRouter } from './http/routes/ocsp';
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
}

export function useCaseRouters(services: Services, options: RouterOptions): Router[] {
  const metrics = options.metrics ?? serviceMetrics(services);
  const ocsp = countingOcsp(new OcspResponderService(services.deps, services.authorities), metrics);
  const tsa = countingTsa(services.tsa, metrics);
  const signing = signingRouter({
    signing: { ...services.signing, tsa },
    ca: services.deps,
    authorities: services.authorities,
    documents: services.documents,
    authenticate: (token) => authenticate(services.deps, token),
    maxDocumentBytes: options.maxDocumentBytes,
  });
  const operations = operationsRouter({
    metrics,
    readiness: readinessProbe(services, options.reportNotReady),
    authenticate: (token) => authenticate(services.deps, token),
    isScrapeToken: options.isScrapeToken,
  });
  const web = webRouter({
    ca: services.deps,
    documents: services.documents,
    publicUrl: () => services.deps.publicUrl,
    timeZone: options.timeZone,
  });
  const verification = verifyRouter({
    verifier: options.verifier ?? inlineVerifier(caVerificationDeps(services.signing)),
    maxDocumentBytes: options.maxDocumentBytes,
  });
  const log = logRouter({ store: services.log.store });
  return [ocspRouter(ocsp), tsaRouter(tsa), signing, verification, operations, web, log];
}

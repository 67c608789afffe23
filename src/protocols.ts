/**
 * Wiring of the use-case routers beyond the CA's own: the OCSP responder, the timestamp authority
 * and signing, which shares the same in-process TSA (the Tsa port).
 */
import type { Router } from 'express';
import { authenticate } from './ca/authenticate';
import { OcspResponderService } from './ca/ocsp-responder';
import type { Services } from './compose';
import { ocspRouter } from './http/routes/ocsp';
import { signingRouter } from './http/routes/signing';
import { tsaRouter } from './http/routes/tsa';

export interface RouterOptions {
  maxDocumentBytes: number;
}

export function useCaseRouters(services: Services, options: RouterOptions): Router[] {
  const ocsp = new OcspResponderService(services.deps, services.authorities);
  const signing = signingRouter({
    signing: services.signing,
    ca: services.deps,
    authorities: services.authorities,
    documents: services.documents,
    authenticate: (token) => authenticate(services.deps, token),
    maxDocumentBytes: options.maxDocumentBytes,
  });
  return [ocspRouter(ocsp), tsaRouter(services.tsa), signing];
}

/** Wiring of the protocol endpoints (OCSP responder, timestamp authority) to their use cases. */
import type { Router } from 'express';
import { OcspResponderService } from './ca/ocsp-responder';
import type { Services } from './compose';
import { ocspRouter } from './http/routes/ocsp';

export function protocolRouters(services: Services): Router[] {
  const ocsp = new OcspResponderService(services.deps, services.authorities);
  return [ocspRouter(ocsp)];
}

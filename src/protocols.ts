/** Wiring of the protocol endpoints (OCSP responder, timestamp authority) to their use cases. */
import type { Router } from 'express';
import type { Services } from './compose';

export async function protocolRouters(_services: Services): Promise<Router[]> {
  return [];
}

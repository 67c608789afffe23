import { Router, type Response } from 'express';
import type { AuthorityLookup, CrlRecord, CurrentCrlSource, IssuingCrlSource } from '../../ports';
import { HttpError } from '../errors';
import { tableRoutes } from '../route';

function sendDer(res: Response, type: string, der: Uint8Array, maxAgeSeconds: number): void {
  res
    .status(200)
    .type(type)
    .setHeader('Cache-Control', `public, max-age=${Math.max(0, Math.floor(maxAgeSeconds))}`)
    .send(Buffer.from(der));
}

const unknownCa = (): HttpError =>
  new HttpError(404, 'UNKNOWN_CA', 'This CA has no issuing CA in date with that key identifier.');

/** Public PKI endpoints (SPEC.md): CA certificates, the current CRL and the root's ARL, in DER. */
export function pkiRouter(deps: {
  authorities: AuthorityLookup;
  crl: CurrentCrlSource & IssuingCrlSource;
}): Router {
  const r = Router();
  const on = tableRoutes(r, {});

  on('get /healthz', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });

  on('get /ca/root.crt', (_req, res) => {
    sendDer(res, 'application/pkix-cert', deps.authorities.get('root').der, 86_400);
  });

  on('get /ca/issuing.crt', (_req, res) => {
    sendDer(res, 'application/pkix-cert', deps.authorities.get('issuing').der, 86_400);
  });

  // A retired issuing CA's certificate stays reachable while certificates it issued are in date.
  on('get /ca/issuing/{keyId}.crt', (req, res) => {
    const keyId = String(req.params.keyId).toLowerCase();
    const ca = deps.authorities.issuingCas(new Date()).find((a) => a.keyIdentifierHex === keyId);
    if (!ca) throw unknownCa();
    sendDer(res, 'application/pkix-cert', ca.der, 86_400);
  });

  // Cached by clients until the CRL's nextUpdate at most, and never for more than 5 minutes, so a
  // revocation reaches them quickly (the CRL is re-published at each revocation).
  const sendCrl = (res: Response, crl: CrlRecord, tag: string): void => {
    const untilNext = (new Date(crl.nextUpdate).getTime() - Date.now()) / 1000;
    res.setHeader('Last-Modified', new Date(crl.thisUpdate).toUTCString());
    res.setHeader('ETag', `"${tag}-${crl.number.toString()}"`);
    sendDer(res, 'application/pkix-crl', crl.der, Math.min(300, untilNext));
  };
  on('get /crl/issuing.crl', async (_req, res) => {
    sendCrl(res, await deps.crl.get(), 'crl');
  });
  // Each issuing CA's own CRL (RFC 5280 4.2.1.13), a retired one's too: what its certificates name.
  on('get /crl/issuing/{keyId}.crl', async (req, res) => {
    const crl = await deps.crl.ofIssuingCa(String(req.params.keyId).toLowerCase());
    if (!crl) throw unknownCa();
    sendCrl(res, crl, `crl-${crl.issuerKeyId}`);
  });
  // The root's ARL (RFC 5280 5): what the issuing CA certificate's CRL distribution point names.
  on('get /crl/root.crl', async (_req, res) => {
    sendCrl(res, await deps.crl.get('root'), 'arl');
  });

  return r;
}

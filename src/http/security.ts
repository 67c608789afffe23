import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * helmet with a strict Content-Security-Policy on every answer: same-origin scripts, styles,
 * images and connections only; no inline script, no framing, no plugins (STYLE.md; issue 6).
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/**
 * The headers securityHeaders() sets, worked out once: the lean path of /ocsp and /tsa (lean.ts)
 * sends the same ones without running helmet per request.
 */
export function fixedSecurityHeaders(): [string, string][] {
  const headers: [string, string][] = [];
  const res = {
    setHeader: (name: string, value: unknown) => void headers.push([name, String(value)]),
    removeHeader: () => undefined,
  } as unknown as ServerResponse;
  securityHeaders()({} as IncomingMessage, res, () => undefined);
  return headers;
}

/**
 * The OpenAPI 3.1 description of every route, written by hand from SPEC.md; a test compares it
 * with the routes the application really registers, in both directions.
 */
type Security = 'none' | 'admin' | 'department';

interface Operation {
  method: 'get' | 'post';
  path: string;
  summary: string;
  security: Security;
  /** Request media type, when the route takes a body. */
  body?: string;
  /** Success status and media type. */
  ok: [number, string];
  /** The 4xx statuses the route documents (beyond 401/403 implied by its security). */
  errors?: number[];
}

export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/healthz',
    summary: 'Liveness',
    security: 'none',
    ok: [200, 'application/json'],
  },
  {
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: 503 while the database, the key vault or the CA cannot serve',
    security: 'none',
    ok: [200, 'application/json'],
    errors: [503],
  },
  {
    method: 'get',
    path: '/metrics',
    summary:
      'Prometheus metrics (text format); the admin token or the scrape token SIGNET_METRICS_TOKEN',
    security: 'admin',
    ok: [200, 'text/plain; version=0.0.4'],
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This description',
    security: 'none',
    ok: [200, 'application/json'],
  },
  {
    method: 'get',
    path: '/ca/root.crt',
    summary: 'Root CA certificate (DER)',
    security: 'none',
    ok: [200, 'application/pkix-cert'],
  },
  {
    method: 'get',
    path: '/ca/issuing.crt',
    summary: 'Issuing CA certificate (DER)',
    security: 'none',
    ok: [200, 'application/pkix-cert'],
  },
  {
    method: 'get',
    path: '/crl/issuing.crl',
    summary: 'Current CRL of the issuing CA (DER)',
    security: 'none',
    ok: [200, 'application/pkix-crl'],
  },
  {
    method: 'post',
    path: '/ocsp',
    summary: 'RFC 6960 OCSP request; errors are OCSP responses (malformedRequest, unauthorized)',
    security: 'none',
    body: 'application/ocsp-request',
    ok: [200, 'application/ocsp-response'],
  },
  {
    method: 'get',
    path: '/ocsp/{request}',
    summary: 'RFC 6960 Appendix A.1 GET form: base64 (URL-encoded) DER OCSP request',
    security: 'none',
    ok: [200, 'application/ocsp-response'],
  },
  {
    method: 'post',
    path: '/tsa',
    summary: 'RFC 3161 time-stamp request; refusals are TimeStampResp with status rejection',
    security: 'none',
    body: 'application/timestamp-query',
    ok: [200, 'application/timestamp-reply'],
    errors: [413, 415],
  },
  {
    method: 'post',
    path: '/api/v1/departments',
    summary: 'Register a department; answers its API key once',
    security: 'admin',
    body: 'application/json',
    ok: [201, 'application/json'],
    errors: [400, 409, 413, 415],
  },
  {
    method: 'get',
    path: '/api/v1/departments',
    summary: 'List departments',
    security: 'admin',
    ok: [200, 'application/json'],
  },
  {
    method: 'post',
    path: '/api/v1/departments/{id}/disable',
    summary: 'Disable a department: its API key is refused (403) on every route until enabled',
    security: 'admin',
    ok: [200, 'application/json'],
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/v1/departments/{id}/enable',
    summary: 'Enable a disabled department again',
    security: 'admin',
    ok: [200, 'application/json'],
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/v1/departments/{id}/rotate-key',
    summary:
      "Replace a department's API key: the new one is answered once, the old one refused (403)",
    security: 'admin',
    ok: [200, 'application/json'],
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/v1/admin/rotate-token',
    summary: 'Replace the admin token: the new one is answered once, the old one refused (403)',
    security: 'admin',
    ok: [200, 'application/json'],
  },
  {
    method: 'post',
    path: '/api/v1/certificates',
    summary: "Issue a department's document-signing certificate (kept key, or from a PEM CSR)",
    security: 'admin',
    body: 'application/json',
    ok: [201, 'application/json'],
    errors: [400, 404, 413, 415],
  },
  {
    method: 'get',
    path: '/api/v1/certificates',
    summary: 'List certificates (query: department, status)',
    security: 'admin',
    ok: [200, 'application/json'],
    errors: [400],
  },
  {
    method: 'get',
    path: '/api/v1/certificates/{serial}',
    summary: 'One certificate, serial in hexadecimal',
    security: 'admin',
    ok: [200, 'application/json'],
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/v1/certificates/{serial}/revoke',
    summary: 'Revoke with an RFC 5280 reason name; publishes a fresh CRL',
    security: 'admin',
    body: 'application/json',
    ok: [200, 'application/json'],
    errors: [400, 404, 409, 413, 415],
  },
  {
    method: 'post',
    path: '/api/v1/sign',
    summary:
      'Sign a document streamed as the raw body (query: format=cades, level=B-B|B-T|B-LT, name, digestAlgorithm); format=pades signs an application/pdf body, with a visible seal if seal=1 and sealX, sealY (PDF units from the lower left), sealPage (from 1), sealWidth, sealHeight (default 200 x 90)',
    security: 'department',
    body: 'application/octet-stream',
    ok: [201, 'application/json'],
    errors: [400, 409, 413, 415],
  },
  {
    method: 'post',
    path: '/api/v1/sign/digest',
    summary: 'Sign a digest {"digestAlgorithm","digest": HEX} of a document the service never sees',
    security: 'department',
    body: 'application/json',
    ok: [201, 'application/json'],
    errors: [400, 409, 413, 415],
  },
  {
    method: 'post',
    path: '/api/v1/sign/prepare',
    summary:
      'Two-phase signing with a key the department keeps itself (certificate from its CSR): {"digestAlgorithm","digest": HEX, "certificate"?: SERIAL} answers the handle and dataToBeSigned (BASE64 DER signed attributes) for the department to sign',
    security: 'department',
    body: 'application/json',
    ok: [201, 'application/json'],
    errors: [400, 409, 413, 415],
  },
  {
    method: 'post',
    path: '/api/v1/sign/complete',
    summary:
      'Completes a prepared signature: {"handle","signatureValue": BASE64}; Signet checks the value with the certificate, assembles, time-stamps and registers the CAdES signature (answered as /sign/digest does)',
    security: 'department',
    body: 'application/json',
    ok: [201, 'application/json'],
    errors: [400, 404, 409, 413, 415],
  },
  {
    method: 'get',
    path: '/api/v1/documents/{code}',
    summary: 'The registry entry of a verification code (never the content)',
    security: 'none',
    ok: [200, 'application/json'],
    errors: [404, 429],
  },
  {
    method: 'post',
    path: '/api/v1/documents/{id}/rescind',
    summary: 'The signing department rescinds a document, or marks it superseded by another',
    security: 'department',
    body: 'application/json',
    ok: [200, 'application/json'],
    errors: [400, 404, 409, 413, 415],
  },
  {
    method: 'post',
    path: '/api/v1/verify',
    summary:
      'Verify a CMS/CAdES signature: multipart/form-data with file parts document (streamed) and signature (DER, at most 1 MiB; alone when it encloses the document), or application/json {"digest": {"algorithm","value": HEX}, "signature": BASE64} or {"pdf": FACTS} (a PDF read on the device: per signature its ByteRange facts, CMS, digests and changes after it, and the DSS data; bytes in base64); a PDF sent alone as document (at most 64 MiB) is verified by every PAdES signature inside it, with what was changed after each; answers the ETSI EN 319 102-1 report, also for a bad signature; each check gives its reason {id, params} and a message in ?lang=en|zh-CN (en by default)',
    security: 'none',
    body: 'multipart/form-data',
    ok: [200, 'application/json'],
    errors: [400, 413, 415, 429],
  },
  {
    method: 'get',
    path: '/api/v1/documents/{code}/qr.svg',
    summary: "QR code (SVG) of a document's verification link, to print on the document",
    security: 'none',
    ok: [200, 'image/svg+xml'],
    errors: [404, 429],
  },
  {
    method: 'get',
    path: '/verify',
    summary: 'The citizen verification page (zh-CN or en from Accept-Language, or ?lang=)',
    security: 'none',
    ok: [200, 'text/html'],
  },
  {
    method: 'get',
    path: '/verify/{code}',
    summary: 'The verification page showing the registry entry of one verification code',
    security: 'none',
    ok: [200, 'text/html'],
  },
  {
    method: 'get',
    path: '/verify/assets/{file}',
    summary: "The verification page's static files (scripts, style, dictionaries, icon)",
    security: 'none',
    ok: [200, 'application/octet-stream'],
    errors: [404],
  },
];

const errorSchema = {
  type: 'object',
  required: ['error', 'requestId'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
    requestId: { type: 'string' },
  },
};

const REASONS: Record<number, string> = {
  400: 'Malformed or invalid request',
  401: 'No or bad bearer token',
  403: 'Token not allowed here',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'Body too large',
  415: 'Wrong content type',
  429: 'Too many requests',
  503: 'Not ready, or cannot write now: retry later',
};

function operationObject(op: Operation) {
  const errors = [...(op.errors ?? []), ...(op.security === 'none' ? [] : [401, 403])];
  const responses: Record<string, unknown> = {
    [op.ok[0]]: { description: 'Success', content: { [op.ok[1]]: {} } },
  };
  for (const status of errors.sort()) {
    responses[status] = {
      description: REASONS[status] ?? 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  return {
    summary: op.summary,
    ...(params.length ? { parameters: params } : {}),
    ...(op.security === 'none' ? { security: [] } : { security: [{ [op.security]: [] }] }),
    ...(op.body ? { requestBody: { required: true, content: { [op.body]: {} } } } : {}),
    responses,
  };
}

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    paths[op.path] = { ...paths[op.path], [op.method]: operationObject(op) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Signet',
      version: '0.1.0',
      description: 'Electronic signatures for official e-documents.',
    },
    paths,
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: {
        admin: { type: 'http', scheme: 'bearer', description: 'The admin token' },
        department: { type: 'http', scheme: 'bearer', description: "A department's API key" },
      },
    },
  };
}

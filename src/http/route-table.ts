/**
 * The route table: every operation of the HTTP API once, with who may call it, what it takes and
 * what it answers. Express registers the routes through it (route.ts), the OpenAPI document is
 * generated from it (openapi.ts), and the authorization matrix and the fuzz tests read their
 * routes and statuses from it, so none of them can describe another API than the one served.
 */
import type { z } from 'zod';
import * as answer from './schemas/answers';
import * as request from './schemas/requests';

/**
 * Who may call: anyone, a department's API key (the department is then fixed by the key), the
 * admin token, or for /metrics the admin token or the scrape token SIGNET_METRICS_TOKEN.
 */
export type Security = 'public' | 'department' | 'admin' | 'metrics';

/** A body or answer that is bytes (DER, PDF, HTML...), not JSON: described by its media type. */
export const BYTES = 'bytes';

/** A body or an answer by media type: a zod schema for JSON (and forms), or BYTES. */
export type Content = Readonly<Record<string, z.ZodType | typeof BYTES>>;

export interface RouteSpec {
  summary: string;
  security: Security;
  /** The query string's parameters (OpenAPI `in: query`), when the route reads any. */
  query?: z.ZodObject;
  /** The request body's media types; a route with JSON alone gets the JSON parser (route.ts). */
  body?: Content;
  /** Answers by status: the success answers, and refusals whose shape is not the error shape. */
  answers: Readonly<Record<number, Content>>;
  /** Refusals in the error shape (answer.ErrorAnswer); 401 and 403 follow from `security`. */
  errors?: readonly number[];
  /** A path parameter that spans the rest of the path, '/' included (Express `*name`). */
  rest?: string;
}

const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': schema }) as const;
const bytes = (...types: string[]): Content =>
  Object.fromEntries(types.map((type) => [type, BYTES]));

/** The public API that is rate-limited per client address (app.ts; SIGNET_RATE_LIMIT_PER_MINUTE). */
export const RATE_LIMITED_PREFIXES = ['/api/v1/verify', '/api/v1/documents'] as const;

/** OCSP and the TSA: a per-address budget of their own (app.ts; SIGNET_PKI_RATE_LIMIT_PER_MINUTE). */
export const PKI_RATE_LIMITED_PREFIXES = ['/ocsp', '/tsa'] as const;

export const ROUTES = {
  'get /healthz': {
    summary: 'Liveness',
    security: 'public',
    answers: { 200: json(answer.Health) },
  },
  'get /readyz': {
    summary: 'Readiness: 503 while the database, the key vault or the CA cannot serve',
    security: 'public',
    answers: { 200: json(answer.Ready), 503: json(answer.NotReady) },
  },
  'get /metrics': {
    summary: 'Prometheus metrics (text format); the admin token or the scrape token',
    security: 'metrics',
    answers: { 200: bytes('text/plain') },
  },
  'get /api/openapi.json': {
    summary: 'This description',
    security: 'public',
    answers: { 200: json(answer.OpenApiAnswer) },
  },
  'get /ca/root.crt': {
    summary: 'Root CA certificate (DER)',
    security: 'public',
    answers: { 200: bytes('application/pkix-cert') },
  },
  'get /ca/issuing.crt': {
    summary: 'Issuing CA certificate (DER)',
    security: 'public',
    answers: { 200: bytes('application/pkix-cert') },
  },
  'get /crl/issuing.crl': {
    summary: 'Current CRL of the issuing CA (DER)',
    security: 'public',
    answers: { 200: bytes('application/pkix-crl') },
  },
  'get /ca/issuing/{keyId}.crt': {
    summary:
      'An issuing CA certificate (DER) by its key identifier (hex), the one in force or one retired by a rollover while in date: what the caIssuers access of the certificates it issued names',
    security: 'public',
    answers: { 200: bytes('application/pkix-cert') },
    errors: [404],
  },
  'get /crl/issuing/{keyId}.crl': {
    summary:
      'The current CRL (DER) of an issuing CA by its key identifier (hex), the one in force or one retired by a rollover while in date: what the CRL distribution point of the certificates it issued names',
    security: 'public',
    answers: { 200: bytes('application/pkix-crl') },
    errors: [404],
  },
  'get /crl/root.crl': {
    summary: "The root's ARL: the revoked issuing CA certificates (DER)",
    security: 'public',
    answers: { 200: bytes('application/pkix-crl') },
  },
  'post /ocsp': {
    summary: 'RFC 6960 OCSP request; errors are OCSP responses (malformedRequest, unauthorized)',
    security: 'public',
    body: bytes('application/ocsp-request'),
    answers: { 200: bytes('application/ocsp-response') },
  },
  'get /ocsp/{request}': {
    summary: 'RFC 6960 Appendix A.1 GET form: base64 (URL-encoded) DER OCSP request',
    security: 'public',
    rest: 'request',
    answers: { 200: bytes('application/ocsp-response') },
  },
  'post /tsa': {
    summary: 'RFC 3161 time-stamp request; refusals are TimeStampResp with status rejection',
    security: 'public',
    body: bytes('application/timestamp-query'),
    answers: { 200: bytes('application/timestamp-reply') },
    errors: [413, 415],
  },
  'post /api/v1/departments': {
    summary: 'Register a department; answers its API key once',
    security: 'admin',
    body: json(request.NewDepartment),
    answers: { 201: json(answer.AddedDepartment) },
    errors: [400, 409, 413, 415],
  },
  'get /api/v1/departments': {
    summary: 'List departments',
    security: 'admin',
    answers: { 200: json(answer.DepartmentList) },
  },
  'post /api/v1/departments/{id}/disable': {
    summary: 'Disable a department: its API key is refused (403) on every route until enabled',
    security: 'admin',
    answers: { 200: json(answer.Department) },
    errors: [404],
  },
  'post /api/v1/departments/{id}/enable': {
    summary: 'Enable a disabled department again',
    security: 'admin',
    answers: { 200: json(answer.Department) },
    errors: [404],
  },
  'post /api/v1/departments/{id}/rotate-key': {
    summary:
      "Replace a department's API key: the new one is answered once, the old one refused (403)",
    security: 'admin',
    answers: { 200: json(answer.NewApiKey) },
    errors: [404],
  },
  'post /api/v1/admin/rotate-token': {
    summary: 'Replace the admin token: the new one is answered once, the old one refused (403)',
    security: 'admin',
    answers: { 200: json(answer.NewAdminToken) },
  },
  'post /api/v1/certificates': {
    summary: "Issue a department's document-signing certificate (kept key, or from a PEM CSR)",
    security: 'admin',
    body: json(request.NewCertificate),
    answers: { 201: json(answer.IssuedCertificate) },
    errors: [400, 404, 413, 415],
  },
  'get /api/v1/certificates': {
    summary: 'List certificates (query: department, status)',
    security: 'admin',
    query: request.CertificateListQuery,
    answers: { 200: json(answer.CertificateList) },
    errors: [400],
  },
  'get /api/v1/certificates/{serial}': {
    summary: 'One certificate, serial in hexadecimal',
    security: 'admin',
    answers: { 200: json(answer.Certificate) },
    errors: [404],
  },
  'post /api/v1/certificates/{serial}/revoke': {
    summary: 'Revoke with an RFC 5280 reason name; publishes a fresh CRL',
    security: 'admin',
    body: json(request.Revocation),
    answers: { 200: json(answer.Certificate) },
    errors: [400, 404, 409, 413, 415],
  },
  'post /api/v1/sign': {
    summary:
      'Sign a document streamed as the raw body (format=cades, any content type: answers the registry entry and the detached CMS); format=pades signs an application/pdf body and answers the signed PDF (headers Signet-Document-Id, Signet-Verification-Code, Signet-Verify-Url, Signet-Transparency: included; index=N, pending or none), with a visible seal if seal=1 and sealX, sealY (PDF units from the lower left), sealPage (from 1), sealWidth, sealHeight (default 200 x 90)',
    security: 'department',
    query: request.SignQuery,
    body: bytes('application/octet-stream', 'application/pdf'),
    answers: { 201: { ...json(answer.SignedDocument), ...bytes('application/pdf') } },
    errors: [400, 409, 413, 415],
  },
  'post /api/v1/sign/digest': {
    summary: 'Sign a digest {"digestAlgorithm","digest": HEX} of a document the service never sees',
    security: 'department',
    query: request.DigestQuery,
    body: json(request.DigestBody),
    answers: { 201: json(answer.SignedDocument) },
    errors: [400, 409, 413, 415],
  },
  'post /api/v1/sign/prepare': {
    summary:
      'Two-phase signing with a key the department keeps itself (certificate from its CSR): {"digestAlgorithm","digest": HEX, "certificate"?: SERIAL} answers the handle and dataToBeSigned (BASE64 DER signed attributes) for the department to sign',
    security: 'department',
    query: request.DigestQuery,
    body: json(request.PrepareBody),
    answers: { 201: json(answer.PreparedSignature) },
    errors: [400, 409, 413, 415],
  },
  'post /api/v1/sign/complete': {
    summary:
      'Completes a prepared signature: {"handle","signatureValue": BASE64}; Signet checks the value with the certificate, assembles, time-stamps and registers the CAdES signature (answered as /sign/digest does)',
    security: 'department',
    body: json(request.CompleteBody),
    answers: { 201: json(answer.SignedDocument) },
    errors: [400, 404, 409, 413, 415],
  },
  'post /api/v1/archive/renew': {
    summary:
      'Archive renewal (B-LTA): a CAdES signature (application/pkcs7-signature, DER) gets a fresh archive-time-stamp-v3 with the latest validation data; a signed PDF gets its DSS updated and a new document time-stamp. Answers the renewed file. Every signature in the file must be of the calling department (else 404 UNKNOWN_SIGNATURE)',
    security: 'department',
    body: bytes('application/pkcs7-signature', 'application/pdf'),
    answers: { 200: bytes('application/pkcs7-signature', 'application/pdf') },
    errors: [400, 404, 413, 415],
  },
  'get /api/v1/documents/{code}': {
    summary:
      "The registry entry of a verification code (never the content), with the verdict's sentence in ?lang=",
    security: 'public',
    query: request.LanguageQuery,
    answers: { 200: json(answer.DocumentView) },
    errors: [400, 404],
  },
  'post /api/v1/documents/{id}/rescind': {
    summary: 'The signing department rescinds a document, or marks it superseded by another',
    security: 'department',
    body: json(request.Rescission),
    answers: { 200: json(answer.DocumentView) },
    errors: [400, 404, 409, 413, 415],
  },
  'post /api/v1/verify': {
    summary:
      'Verify a CMS/CAdES signature: multipart/form-data with file parts document (streamed) and signature (DER, at most 1 MiB; alone when it encloses the document), or application/json {"digest": {"algorithm","value": HEX}, "signature": BASE64} or {"pdf": FACTS} (a PDF read on the device: per signature its ByteRange facts, CMS, digests and changes after it, and the DSS data; bytes in base64); a PDF sent alone as document (at most 64 MiB) is verified by every PAdES signature inside it, with what was changed after each; answers the ETSI EN 319 102-1 report, also for a bad signature; each check gives its reason {id, params} and a message in ?lang=en|zh-CN (en by default); verification runs in a pool of worker threads: 503 VERIFIER_BUSY with Retry-After when all are taken; every report has a law section (PRC Electronic Signature Law Art. 13); ?receipt=1 adds receipt: base64 of a DER CMS SignedData enclosing the report as RFC 8785 canonical JSON, signed by the Signet validation key and time-stamped by its TSA',
    security: 'public',
    query: request.VerifyQuery,
    body: { 'multipart/form-data': request.VerifyForm, 'application/json': request.VerifyJson },
    answers: { 200: json(answer.VerificationReport) },
    // 408: a body silent too long; 503: every verifier busy (Retry-After) or out of time.
    errors: [400, 408, 413, 415, 503],
  },
  'get /log/checkpoint': {
    summary:
      "The transparency log's latest checkpoint (c2sp.org/tlog-checkpoint signed note, text/plain)",
    security: 'public',
    answers: { 200: bytes('text/plain') },
    errors: [404],
  },
  'get /log/tile/{path}': {
    summary:
      'A tile of the log (c2sp.org/tlog-tiles): tile/<L>/<N>[.p/<W>] hashes, or tile/entries/<N>[.p/<W>] an entry bundle',
    security: 'public',
    rest: 'path',
    answers: { 200: bytes('application/octet-stream') },
    errors: [400, 404],
  },
  'get /log/proof': {
    summary:
      'The inclusion proof of leaf index in the tree of a checkpoint of that size: a c2sp.org/tlog-proof (text/plain)',
    security: 'public',
    query: request.LogProofQuery,
    answers: { 200: bytes('text/plain') },
    errors: [400, 404],
  },
  'get /api/v1/documents/{code}/log-proof': {
    summary:
      "The transparency-log proof of a document's signature (issue 21): its salt, a c2sp.org/tlog-proof against the latest checkpoint and the DER unsigned attribute that carries both; pending until its batch is sequenced",
    security: 'public',
    answers: { 200: json(answer.LogProof) },
    errors: [404],
  },
  'get /api/v1/documents/{code}/qr.svg': {
    summary: "QR code (SVG) of a document's verification link, to print on the document",
    security: 'public',
    answers: { 200: bytes('image/svg+xml') },
    errors: [404],
  },
  'get /verify': {
    summary: 'The citizen verification page (zh-CN or en from Accept-Language, or ?lang=)',
    security: 'public',
    query: request.PageQuery,
    answers: { 200: bytes('text/html') },
  },
  'get /verify/{code}': {
    summary:
      "The verification page with one verification code's registry verdict, rendered by the server (it reads without JavaScript); an unknown code answers 404 with the page saying so",
    security: 'public',
    query: request.PageQuery,
    answers: { 200: bytes('text/html'), 404: bytes('text/html') },
  },
  'get /verify/assets/{file}': {
    summary: "The verification page's static files (scripts, style, dictionaries, icon)",
    security: 'public',
    answers: {
      200: bytes('text/javascript', 'text/css', 'application/json', 'image/svg+xml'),
    },
    errors: [404],
  },
} as const satisfies Record<string, RouteSpec>;

export type OperationKey = keyof typeof ROUTES;

type Spec<K extends OperationKey> = (typeof ROUTES)[K];
/** The parsed query string of an operation, as its schema in the table gives it. */
export type QueryOf<K extends OperationKey> =
  Spec<K> extends { query: infer Q extends z.ZodType } ? z.output<Q> : never;
/** The parsed JSON body of an operation, as its schema in the table gives it. */
export type JsonBodyOf<K extends OperationKey> =
  Spec<K> extends { body: { 'application/json': infer B extends z.ZodType } } ? z.output<B> : never;

export interface Operation extends RouteSpec {
  key: OperationKey;
  method: 'get' | 'post';
  /** In OpenAPI's syntax: /api/v1/certificates/{serial}. */
  path: string;
}

/** Every operation of the table, its method and path read from its key. */
export const OPERATIONS: readonly Operation[] = Object.entries(ROUTES).map(([key, spec]) => {
  const [method, path] = key.split(' ') as ['get' | 'post', string];
  return { ...(spec as RouteSpec), key: key as OperationKey, method, path };
});

const BY_KEY = new Map(OPERATIONS.map((op) => [op.key, op]));

export function operation(key: OperationKey): Operation {
  const found = BY_KEY.get(key);
  if (!found) throw new Error(`${key} is not in the route table`);
  return found;
}

/** Whether the per-address rate limit of app.ts applies to the route (429 then documented). */
const isRateLimited = (op: Operation): boolean =>
  [...RATE_LIMITED_PREFIXES, ...PKI_RATE_LIMITED_PREFIXES].some(
    (prefix) => op.path === prefix || op.path.startsWith(`${prefix}/`),
  );

/**
 * Every status the route can answer for a request it was made for: its answers, its refusals,
 * 401 and 403 when it needs a token, 429 where the rate limit applies. Server faults (5xx other
 * than those listed) are not among them.
 */
export function statusesOf(op: Operation): number[] {
  const statuses = new Set([
    ...Object.keys(op.answers).map(Number),
    ...(op.errors ?? []),
    ...(op.security === 'public' ? [] : [401, 403]),
    ...(isRateLimited(op) ? [429] : []),
  ]);
  return [...statuses].sort((a, b) => a - b);
}

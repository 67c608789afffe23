import { Router } from 'express';
import pino from 'pino';
import { initCa } from '../../src/ca/init';
import { openServices, type Services } from '../../src/compose';
import { loadConfig } from '../../src/config';
import { createApp } from '../../src/http/app';
import { openApiDocument } from '../../src/http/openapi';
import { tableRoutes } from '../../src/http/route';
import { OPERATIONS, statusesOf } from '../../src/http/route-table';
import { appRouters } from '../../src/protocols';
import { tempDir } from '../helpers/openssl';
import { registeredRoutes } from '../helpers/registered-routes';

interface DocumentedOperation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

const doc = openApiDocument() as {
  paths: Record<string, Record<string, DocumentedOperation>>;
};
const documented = (): string[] =>
  Object.entries(doc.paths)
    .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
    .sort();
const table = OPERATIONS.map((op) => op.key).sort();

describe('the route table, Express and GET /api/openapi.json', () => {
  let services: Services;
  const app = (extra: Router[] = []) =>
    createApp({
      logger: pino({ level: 'silent' }),
      routers: [...appRouters(services, { maxDocumentBytes: 1024 }), ...extra],
      rateLimitPerMinute: 0,
    });

  beforeAll(async () => {
    const config = loadConfig(
      { SIGNET_KEY_PASSPHRASE: 'openapi-test-passphrase' },
      { dataDir: tempDir('signet-openapi-') },
    );
    services = await openServices(config);
    await initCa(services.deps, services.authorities, { actor: 'test' });
  });
  afterAll(() => services?.close());

  it('list the same operations', () => {
    const registered = registeredRoutes(app());
    console.log(
      `route table: ${table.length} operations; Express: ${registered.length}; OpenAPI: ${documented().length}`,
    );
    expect(registered).toEqual(table);
    expect(documented()).toEqual(table);
  });

  it('notice a route registered outside the table', () => {
    const stray = Router();
    stray.get('/api/v1/stray', (_req, res) => {
      res.json({});
    });
    expect(registeredRoutes(app([stray]))).toContain('get /api/v1/stray');
    expect(table).not.toContain('get /api/v1/stray');
  });

  it('refuse to register a secured route without the guard its security names', () => {
    expect(() => tableRoutes(Router(), {})('get /metrics', (_req, res) => res.end())).toThrow(
      /needs a metrics guard/,
    );
  });

  describe('the document', () => {
    it('has a schema for every request body and every answer of every operation', () => {
      const missing: string[] = [];
      for (const op of OPERATIONS) {
        const documentedOp = doc.paths[op.path]?.[op.method];
        for (const [type, media] of Object.entries(documentedOp?.requestBody?.content ?? {})) {
          if (!media.schema) missing.push(`${op.key} request ${type}`);
        }
        if (op.body && !documentedOp?.requestBody) missing.push(`${op.key} request body`);
        for (const status of statusesOf(op)) {
          const content = documentedOp?.responses[status]?.content ?? {};
          if (Object.keys(content).length === 0) missing.push(`${op.key} ${status}`);
          for (const [type, media] of Object.entries(content)) {
            if (!media.schema) missing.push(`${op.key} ${status} ${type}`);
          }
        }
      }
      expect(missing).toEqual([]);
    });

    it('describes PAdES signing as a PDF in and a PDF out, beside the CAdES body and answer', () => {
      const sign = doc.paths['/api/v1/sign']?.post;
      expect(Object.keys(sign?.requestBody?.content ?? {})).toEqual([
        'application/octet-stream',
        'application/pdf',
      ]);
      expect(Object.keys(sign?.responses['201']?.content ?? {})).toEqual([
        'application/json',
        'application/pdf',
      ]);
      expect(sign?.parameters?.map((p) => `${p.in} ${p.name}`)).toContain('query format');
    });

    it('names the protocols’ media types for the binary routes', () => {
      const media = (path: string, method: string, status = '200') =>
        Object.keys(doc.paths[path]?.[method]?.responses[status]?.content ?? {});
      expect(media('/ocsp', 'post')).toEqual(['application/ocsp-response']);
      expect(Object.keys(doc.paths['/ocsp']?.post?.requestBody?.content ?? {})).toEqual([
        'application/ocsp-request',
      ]);
      expect(media('/tsa', 'post')).toEqual(['application/timestamp-reply']);
      expect(media('/crl/issuing.crl', 'get')).toEqual(['application/pkix-crl']);
      expect(media('/ca/root.crt', 'get')).toEqual(['application/pkix-cert']);
    });
  });
});

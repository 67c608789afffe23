import type { Express } from 'express';
import pino from 'pino';
import { authenticate } from '../../src/ca/authenticate';
import { initCa } from '../../src/ca/init';
import { openServices } from '../../src/compose';
import { loadConfig } from '../../src/config';
import { createApp } from '../../src/http/app';
import { OPERATIONS } from '../../src/http/openapi';
import { useCaseRouters } from '../../src/protocols';
import { tempDir } from '../helpers/openssl';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every method + path the application really registers, in OpenAPI's path syntax. */
function registeredRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[]): void => {
    for (const layer of stack) {
      if (layer.route) {
        const path = layer.route.path.replace(/[:*](\w+)/g, '{$1}');
        for (const method of Object.keys(layer.route.methods)) found.push(`${method} ${path}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return found.sort();
}

describe('GET /api/openapi.json', () => {
  it('describes exactly the routes the application registers', async () => {
    const config = loadConfig(
      { SIGNET_KEY_PASSPHRASE: 'openapi-test-passphrase' },
      { dataDir: tempDir('signet-openapi-') },
    );
    const services = await openServices(config);
    await initCa(services.deps, services.authorities, { actor: 'test' });
    const app = createApp({
      logger: pino({ level: 'silent' }),
      ca: services.deps,
      authorities: services.authorities,
      crl: services.crl,
      authenticate: (t) => authenticate(services.deps, t),
      routers: useCaseRouters(services, { maxDocumentBytes: 1024 }),
      rateLimitPerMinute: 0,
    });
    const documented = OPERATIONS.map((op) => `${op.method} ${op.path}`).sort();
    expect(registeredRoutes(app)).toEqual(documented);
    services.close();
  });
});

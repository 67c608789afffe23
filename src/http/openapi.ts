/**
 * The OpenAPI 3.1 description of every route, generated from the route table (route-table.ts):
 * paths, security, query parameters, request bodies and answers by status and media type, with
 * JSON Schemas generated from the same zod schemas the handlers parse with (z.toJSONSchema; the
 * input side for requests, the output side for answers). Nothing here is written twice.
 */
import { z } from 'zod';
import {
  BYTES,
  OPERATIONS,
  statusesOf,
  type Content,
  type Operation,
  type Security,
} from './route-table';
import * as answer from './schemas/answers';
import * as request from './schemas/requests';

type JsonSchema = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';

/** Each named schema of a module as an OpenAPI component, generated in `io` mode. */
function components(
  named: Record<string, unknown>,
  io: 'input' | 'output',
): { names: Map<z.ZodType, string>; schemas: Record<string, JsonSchema> } {
  const registry = z.registry<{ id: string }>();
  const names = new Map<z.ZodType, string>();
  for (const [name, schema] of Object.entries(named)) {
    if (!(schema instanceof z.ZodType)) continue;
    registry.add(schema, { id: name });
    names.set(schema, name);
  }
  const generated = z.toJSONSchema(registry, { io, uri: (id) => `${COMPONENTS}${id}` });
  const schemas = Object.fromEntries(
    Object.entries(generated.schemas).map(([name, { $schema: _s, $id: _i, ...schema }]) => [
      name,
      schema,
    ]),
  );
  return { names, schemas };
}

const requests = components(request, 'input');
const answers = components(answer, 'output');

function reference(names: Map<z.ZodType, string>, schema: z.ZodType): JsonSchema {
  const name = names.get(schema);
  if (!name) throw new Error('openapi: a schema of the route table is not exported by name');
  return { $ref: `${COMPONENTS}${name}` };
}

/** Media type objects: JSON by its component, bytes as a string of that media type. */
function content(of: Content, names: Map<z.ZodType, string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(of).map(([type, schema]) => [
      type,
      {
        schema:
          schema === BYTES ? { type: 'string', contentMediaType: type } : reference(names, schema),
      },
    ]),
  );
}

const SECURITY: Record<Security, Record<string, string[]>[]> = {
  public: [],
  admin: [{ admin: [] }],
  department: [{ department: [] }],
  metrics: [{ admin: [] }, { scrape: [] }],
};

const REASONS: Record<number, string> = {
  200: 'Success',
  201: 'Created',
  400: 'Malformed or invalid request',
  401: 'No or bad bearer token',
  403: 'Token not allowed here',
  404: 'Not found',
  408: 'The request body stopped arriving (BODY_TIMEOUT)',
  409: 'Conflicts with the current state',
  413: 'Body too large',
  415: 'Wrong content type',
  429: 'Too many requests from this address',
  503: 'Not ready, cannot write now, or every verifier busy (Retry-After): retry later',
};

const errorContent = content({ 'application/json': answer.ErrorAnswer }, answers.names);

function parameters(op: Operation): JsonSchema[] {
  const inPath = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  if (!op.query) return inPath;
  const query = z.toJSONSchema(op.query, { io: 'input' }) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  const inQuery = Object.entries(query.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: query.required?.includes(name) ?? false,
    schema,
  }));
  return [...inPath, ...inQuery];
}

function operationObject(op: Operation): JsonSchema {
  const responses: Record<string, unknown> = {};
  for (const status of statusesOf(op)) {
    const declared = op.answers[status];
    responses[status] = {
      description: REASONS[status] ?? 'Answer',
      content: declared ? content(declared, answers.names) : errorContent,
    };
  }
  responses.default = { description: 'A fault of the server', content: errorContent };
  const params = parameters(op);
  return {
    operationId: op.key,
    summary: op.summary,
    ...(params.length ? { parameters: params } : {}),
    security: SECURITY[op.security],
    ...(op.body
      ? { requestBody: { required: true, content: content(op.body, requests.names) } }
      : {}),
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
      schemas: { ...requests.schemas, ...answers.schemas },
      securitySchemes: {
        admin: { type: 'http', scheme: 'bearer', description: 'The admin token' },
        department: { type: 'http', scheme: 'bearer', description: "A department's API key" },
        scrape: {
          type: 'http',
          scheme: 'bearer',
          description: 'The scrape token SIGNET_METRICS_TOKEN: /metrics only',
        },
      },
    },
  };
}

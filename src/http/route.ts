import type { Request, RequestHandler, Router } from 'express';
import { jsonBody } from './middleware/body';
import {
  BYTES,
  operation,
  type JsonBodyOf,
  type Operation,
  type OperationKey,
  type QueryOf,
  type Security,
} from './route-table';
import { validate } from './validate';

/** The middleware that admits each kind of caller; a router passes those its routes need. */
export type Guards = Partial<Record<Exclude<Security, 'public'>, RequestHandler>>;

/** The Express path of a table path: {name} is :name, the rest-of-path parameter *name. */
function expressPath(op: Operation): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === op.rest ? `*${name}` : `:${name}`,
  );
}

/** A JSON-only body is parsed (415 for another type, 413 past 1 MiB) before the handlers. */
const takesJsonOnly = (op: Operation): boolean =>
  op.body !== undefined && Object.keys(op.body).join() === 'application/json';

/**
 * Registers a router's operations from the route table: method and path from the table, then the
 * guard its security names (nothing else can open a route to more callers than the table says),
 * the JSON parser when it takes JSON alone, then the route's own handlers.
 */
export function tableRoutes(router: Router, guards: Guards) {
  return (key: OperationKey, ...handlers: RequestHandler[]): void => {
    const op = operation(key);
    const guard = op.security === 'public' ? undefined : guards[op.security];
    if (op.security !== 'public' && !guard) {
      throw new Error(`${key} needs a ${op.security} guard, which its router does not have`);
    }
    router[op.method](
      expressPath(op),
      ...(guard ? [guard] : []),
      ...(takesJsonOnly(op) ? jsonBody : []),
      ...handlers,
    );
  };
}

/**
 * The query string parsed by the operation's schema in the table (400 when it does not fit), when
 * the handler asks: a route may read its body first.
 */
export function queryOf<K extends OperationKey>(key: K, req: Request): QueryOf<K> {
  const schema = operation(key).query;
  if (!schema) throw new Error(`${key} has no query schema in the route table`);
  return validate(schema, req.query) as QueryOf<K>;
}

/** The JSON body parsed by the operation's schema in the table (400 when it does not fit). */
export function jsonBodyOf<K extends OperationKey>(key: K, req: Request): JsonBodyOf<K> {
  const schema = operation(key).body?.['application/json'];
  if (!schema || schema === BYTES) throw new Error(`${key} takes no JSON in the route table`);
  return validate(schema, req.body) as JsonBodyOf<K>;
}

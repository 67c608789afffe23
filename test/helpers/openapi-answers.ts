/**
 * Judges a real HTTP answer by the OpenAPI document: its status must be one the operation lists,
 * its media type one that status lists, and a JSON answer must be valid under the status's JSON
 * Schema (ajv, draft 2020-12 as OpenAPI 3.1 uses, formats checked). An independent validator: the
 * schemas were generated from zod, ajv never saw zod.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

interface MediaType {
  schema?: { $ref?: string; type?: string; contentMediaType?: string };
}
interface OpenApiOperation {
  responses: Record<string, { content?: Record<string, MediaType> }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown> };
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export class OpenApiAnswers {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApiDocument) {
    // strict: false lets `components` (not a JSON Schema keyword) hold the schemas $refs point at.
    // A format ajv does not know would be skipped with a warning: make that an error instead.
    const fail = (message: string) => {
      throw new Error(`ajv: ${message}`);
    };
    this.ajv = new Ajv2020({
      strict: false,
      allErrors: true,
      logger: { log: () => undefined, warn: fail, error: fail },
    });
    addFormats(this.ajv);
    // zod writes base64 as format "base64" beside contentEncoding and a pattern, which checks it.
    this.ajv.addFormat('base64', true);
    this.ajv.addSchema({ $id: 'openapi', components: doc.components });
  }

  /** The media types an operation documents for a status, if it documents the status. */
  mediaTypes(method: string, path: string, status: number): string[] | undefined {
    const response = this.doc.paths[path]?.[method]?.responses[String(status)];
    return response && Object.keys(response.content ?? {});
  }

  /** Why the answer breaks the document, or undefined when it conforms. */
  problem(method: string, path: string, answer: HttpAnswer): string | undefined {
    const operation = this.doc.paths[path]?.[method];
    if (!operation) return `${method} ${path} is not in the document`;
    const response = operation.responses[String(answer.status)];
    if (!response) return `undocumented status ${answer.status}`;
    const type = String(answer.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim()
      .toLowerCase();
    const media = type ? response.content?.[type] : undefined;
    if (!media) {
      return `${answer.status} as ${type || 'no content type'}, documented: ${Object.keys(response.content ?? {}).join(', ')}`;
    }
    const ref = media.schema?.$ref;
    if (!ref) return answer.body.length > 0 ? undefined : `an empty ${type} answer`;
    let value: unknown;
    try {
      value = JSON.parse(answer.body.toString('utf8'));
    } catch {
      return `${answer.status} ${type} that is not JSON`;
    }
    const validate = this.validator(ref);
    if (validate(value)) return undefined;
    const errors = (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
    return `${answer.status} not valid under ${ref}: ${errors.join('; ')}`;
  }

  private validator(ref: string): ValidateFunction {
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi${ref}` });
      this.validators.set(ref, validate);
    }
    return validate;
  }
}

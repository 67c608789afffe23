import type { z } from 'zod';
import { HttpError } from './errors';

/** Parses a request part with a zod schema; the first problem becomes a 400 in one sentence. */
export function validate<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `"${issue.path.join('.')}": ` : '';
  throw new HttpError(
    400,
    'INVALID_REQUEST',
    `${where}${issue?.message ?? 'the request is not valid'}.`,
  );
}

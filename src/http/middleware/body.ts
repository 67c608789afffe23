import express, { type NextFunction, type Request, type Response } from 'express';
import { HttpError } from '../errors';

/** Refuses a body whose Content-Type is not the one the route takes (415), before reading it. */
export function requireContentType(...types: string[]) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!req.is(types)) {
      throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `This route takes ${types.join(' or ')}.`);
    }
    next();
  };
}

/** JSON bodies of the API: the content type checked, at most 1 MiB. */
export const jsonBody = [
  requireContentType('application/json'),
  express.json({ limit: '1mb', strict: true }),
];

/**
 * Reads and drops what is left of a refused body, so the client, still sending, can read the error
 * instead of a broken pipe. Past `capBytes` the connection is closed instead: a refusal must not
 * cost the server gigabytes of reading.
 */
export function discardBody(req: Request, res: Response, capBytes: number): Promise<void> {
  return new Promise((resolve) => {
    if (req.readableEnded) {
      resolve();
      return;
    }
    let seen = 0;
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > capBytes) {
        res.setHeader('Connection', 'close');
        req.pause();
        resolve();
      }
    });
    req.once('end', () => resolve());
    req.once('error', () => resolve());
    req.resume();
  });
}

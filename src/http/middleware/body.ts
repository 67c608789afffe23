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

import type { NextFunction, Request, Response } from 'express';
import type { TokenSubject } from '../../ca/ports';
import { HttpError } from '../errors';

export type Authenticate = (token: string) => TokenSubject | undefined;

function bearer(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header ? /^Bearer ([^\s]+)$/i.exec(header) : null;
  return match?.[1];
}

function principal(req: Request, authenticate: Authenticate): TokenSubject {
  const token = bearer(req);
  if (!token)
    throw new HttpError(401, 'UNAUTHORIZED', 'This route needs an Authorization: Bearer token.');
  const subject = authenticate(token);
  if (!subject) throw new HttpError(401, 'UNAUTHORIZED', 'The bearer token is not valid.');
  return subject;
}

/** Admin routes: the admin token only; a department key is known but not allowed (403). */
export function requireAdmin(authenticate: Authenticate) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const subject = principal(req, authenticate);
    if (subject.kind !== 'admin')
      throw new HttpError(403, 'FORBIDDEN', 'This route is for the CA administrator.');
    res.locals.actor = 'admin';
    next();
  };
}

/** Department routes: a department key; the department is then fixed by the key, never the request. */
export function requireDepartment(authenticate: Authenticate) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const subject = principal(req, authenticate);
    if (subject.kind !== 'department')
      throw new HttpError(403, 'FORBIDDEN', 'This route needs a department API key.');
    res.locals.departmentId = subject.departmentId;
    res.locals.actor = `department:${subject.departmentId}`;
    next();
  };
}

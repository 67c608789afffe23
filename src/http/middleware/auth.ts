import type { NextFunction, Request, Response } from 'express';
import type { Credential, CredentialRefusal } from '../../ca/authenticate';
import type { TokenSubject } from '../../ca/ports';
import { HttpError } from '../errors';

export type Authenticate = (token: string) => Credential | undefined;

const REFUSALS: Record<CredentialRefusal, string> = {
  TOKEN_REVOKED: 'This token was replaced by a new one and is no longer accepted.',
  DEPARTMENT_DISABLED: 'This department is disabled: its key is not accepted.',
};

function bearer(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header ? /^Bearer ([^\s]+)$/i.exec(header) : null;
  return match?.[1];
}

/** The token's subject: 401 without a token or for an unknown one, 403 for one that is refused. */
function principal(req: Request, authenticate: Authenticate): TokenSubject {
  const token = bearer(req);
  if (!token)
    throw new HttpError(401, 'UNAUTHORIZED', 'This route needs an Authorization: Bearer token.');
  const credential = authenticate(token);
  if (!credential) throw new HttpError(401, 'UNAUTHORIZED', 'The bearer token is not valid.');
  if (credential.refusal)
    throw new HttpError(403, credential.refusal, REFUSALS[credential.refusal]);
  return credential.subject;
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

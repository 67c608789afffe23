import { timingSafeEqual } from 'node:crypto';
import type { CaDeps } from './context';
import type { TokenSubject } from './ports';
import { hashToken } from './tokens';

const TOKEN_SHAPE = /^signet_(adm|dep)_[A-Za-z0-9_-]{43}$/;

/** Why a token that Signet issued is no longer accepted. */
export type CredentialRefusal = 'TOKEN_REVOKED' | 'DEPARTMENT_DISABLED';

/** Whose token it is, and whether it is refused (a known token refused is a 403, not a 401). */
export interface Credential {
  subject: TokenSubject;
  refusal?: CredentialRefusal;
}

/**
 * Who a bearer token belongs to, or undefined. The token is hashed before the look-up, so the
 * database index never sees it, and the stored hash is compared in constant time. A token rotated
 * out, or a department's key while the department is disabled, is known but refused.
 */
export function authenticate(
  deps: Pick<CaDeps, 'tokens' | 'departments'>,
  token: string,
): Credential | undefined {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const hash = hashToken(token);
  const found = deps.tokens.findToken(hash);
  if (!found) return undefined;
  if (!timingSafeEqual(Buffer.from(found.hash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
  const { subject } = found;
  if (found.revokedAt) return { subject, refusal: 'TOKEN_REVOKED' };
  if (
    subject.kind === 'department' &&
    deps.departments.department(subject.departmentId)?.disabledAt
  )
    return { subject, refusal: 'DEPARTMENT_DISABLED' };
  return { subject };
}

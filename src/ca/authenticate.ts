import { timingSafeEqual } from 'node:crypto';
import type { CaDeps } from './context';
import type { TokenSubject } from './ports';
import { hashToken } from './tokens';

const TOKEN_SHAPE = /^signet_(adm|dep)_[A-Za-z0-9_-]{43}$/;

/**
 * Who a bearer token belongs to, or undefined. The token is hashed before the look-up, so the
 * database index never sees it, and the stored hash is compared in constant time.
 */
export function authenticate(
  deps: Pick<CaDeps, 'tokens'>,
  token: string,
): TokenSubject | undefined {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const hash = hashToken(token);
  const found = deps.tokens.findToken(hash);
  if (!found) return undefined;
  const equal = timingSafeEqual(Buffer.from(found.hash, 'hex'), Buffer.from(hash, 'hex'));
  return equal ? found.subject : undefined;
}

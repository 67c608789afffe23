/**
 * Every credential can be cut off (issue 14): a department disabled (its key refused on every
 * route, its records kept), a department's API key or the admin token replaced by a new one shown
 * once (the old one refused at once). Each change is one transaction with its audit entry.
 */
import type { CaDeps } from './context';
import { CaError } from './errors';
import type { DepartmentRecord } from '../ports';
import { hashToken, newToken } from './tokens';

type Deps = Pick<CaDeps, 'clock' | 'random' | 'tx' | 'departments' | 'tokens' | 'audit'>;

function existing(deps: Pick<CaDeps, 'departments'>, id: string): DepartmentRecord {
  const department = deps.departments.department(id);
  if (!department) throw new CaError('UNKNOWN_DEPARTMENT', `There is no department "${id}".`);
  return department;
}

/** Disables or enables a department; doing what is already the case changes nothing. */
export function setDepartmentEnabled(
  deps: Deps,
  req: { id: string; enabled: boolean; actor: string },
): DepartmentRecord {
  const at = deps.clock.now().toISOString();
  return deps.tx.transaction(() => {
    const department = existing(deps, req.id);
    if (!department.disabledAt === req.enabled) return department;
    deps.departments.setDisabled(req.id, req.enabled ? undefined : at);
    deps.audit.append({
      at,
      actor: req.actor,
      action: req.enabled ? 'department.enabled' : 'department.disabled',
      subject: req.id,
      details: {},
    });
    return existing(deps, req.id);
  });
}

/** A new API key for the department, shown once; every earlier key of it is refused from now on. */
export function rotateDepartmentKey(
  deps: Deps,
  req: { id: string; actor: string },
): { id: string; apiKey: string } {
  const at = deps.clock.now().toISOString();
  const apiKey = newToken(deps.random, 'department');
  const subject = { kind: 'department' as const, departmentId: req.id };
  deps.tx.transaction(() => {
    existing(deps, req.id);
    const revoked = deps.tokens.revokeTokens(subject, at);
    const tokenSha256 = hashToken(apiKey);
    deps.tokens.addToken(tokenSha256, subject, at);
    deps.audit.append({
      at,
      actor: req.actor,
      action: 'department.key-rotated',
      subject: req.id,
      details: { revokedKeys: revoked, tokenSha256 },
    });
  });
  return { id: req.id, apiKey };
}

/** A new admin token, shown once; the earlier one is refused from now on. */
export function rotateAdminToken(deps: Deps, req: { actor: string }): { adminToken: string } {
  const at = deps.clock.now().toISOString();
  const adminToken = newToken(deps.random, 'admin');
  deps.tx.transaction(() => {
    const revoked = deps.tokens.revokeTokens({ kind: 'admin' }, at);
    if (revoked === 0)
      throw new CaError('NOT_INITIALIZED', 'The CA has no admin token to replace.');
    const tokenSha256 = hashToken(adminToken);
    deps.tokens.addToken(tokenSha256, { kind: 'admin' }, at);
    deps.audit.append({
      at,
      actor: req.actor,
      action: 'admin.token-rotated',
      subject: 'admin',
      details: { revokedTokens: revoked, tokenSha256 },
    });
  });
  return { adminToken };
}

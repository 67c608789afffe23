import { displayName } from '../core/display-text';
import type { CaDeps } from './context';
import { CaError } from './errors';
import type { DepartmentRecord } from '../ports';
import { hashToken, newToken } from './tokens';

/** Department ids appear in certificates (OU), URLs and file names: keep them plain. */
const DEPARTMENT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface AddedDepartment extends DepartmentRecord {
  apiKey: string;
}

/** Registers a department and makes its API key, shown once and stored only as a hash. */
export function addDepartment(
  deps: Pick<CaDeps, 'clock' | 'random' | 'tx' | 'departments' | 'audit'>,
  req: { id: string; name: string; actor: string },
): AddedDepartment {
  if (!DEPARTMENT_ID.test(req.id)) {
    throw new CaError(
      'INVALID_DEPARTMENT_ID',
      'A department id has 1 to 63 lower-case letters, digits or hyphens.',
    );
  }
  const checked = displayName(req.name, 64);
  if ('problem' in checked) {
    throw new CaError('INVALID_NAME', `A department name ${checked.problem}.`);
  }
  const { name } = checked;
  const record = { id: req.id, name, createdAt: deps.clock.now().toISOString() };
  const apiKey = newToken(deps.random, 'department');
  deps.tx.transaction(() => {
    if (deps.departments.department(req.id)) {
      throw new CaError('DEPARTMENT_EXISTS', `A department with id "${req.id}" already exists.`);
    }
    // One name, one department: the name is what certificates and the citizen page show.
    const twin = deps.departments.departments().find((d) => d.name === name);
    if (twin) {
      throw new CaError(
        'DEPARTMENT_EXISTS',
        `The department "${twin.id}" already has the name "${name}".`,
      );
    }
    const tokenSha256 = hashToken(apiKey);
    deps.departments.addDepartment(record, tokenSha256);
    deps.audit.append({
      at: record.createdAt,
      actor: req.actor,
      action: 'department.added',
      subject: record.id,
      details: { name, tokenSha256 },
    });
  });
  return { ...record, apiKey };
}

export function listDepartments(deps: Pick<CaDeps, 'departments'>): DepartmentRecord[] {
  return deps.departments.departments();
}

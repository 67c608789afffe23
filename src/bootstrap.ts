import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { addDepartment } from './ca/departments';
import { initCa } from './ca/init';
import { issueCertificate } from './ca/issue';
import type { Services } from './compose';

export const ADMIN_TOKEN_FILE = 'admin-token';
export const DEMO_API_KEY_FILE = 'demo-api-key';
const DEMO_DEPARTMENT = 'demo';

/**
 * The development bootstrap of SPEC.md "Set-up": on a data directory with no CA, set one up with a
 * demo department that holds a certificate, and leave the admin token and the demo API key in
 * files only the owner can read. The tokens are never logged; the log says where the files are.
 */
export async function bootstrapDevelopment(
  services: Services,
  dataDir: string,
  logger: Logger,
): Promise<void> {
  if (services.authorities.isInitialized()) return;
  const actor = 'system:development-bootstrap';
  const init = await initCa(services.deps, services.authorities, { actor });
  const demo = addDepartment(services.deps, {
    id: DEMO_DEPARTMENT,
    name: 'Demo Department',
    actor,
  });
  await issueCertificate(services.deps, services.authorities, {
    departmentId: DEMO_DEPARTMENT,
    actor,
  });
  const adminFile = join(dataDir, ADMIN_TOKEN_FILE);
  const demoFile = join(dataDir, DEMO_API_KEY_FILE);
  writeFileSync(adminFile, `${init.adminToken}\n`, { mode: 0o600 });
  writeFileSync(demoFile, `${demo.apiKey}\n`, { mode: 0o600 });
  logger.warn(
    { adminTokenFile: adminFile, demoApiKeyFile: demoFile },
    'Development CA created: the admin token and the demo department API key are in these files (mode 0600). Do not use this CA in production.',
  );
}

import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { addDepartment } from './ca/departments';
import { CaError } from './ca/errors';
import { initCa } from './ca/init';
import { issueCertificate } from './ca/issue';
import type { Services } from './compose';
import { DEV_PASSPHRASE_FILE, type Config } from './config';
import { DATABASE_FILE } from './store/database';

export const ADMIN_TOKEN_FILE = 'admin-token';
export const DEMO_API_KEY_FILE = 'demo-api-key';
const DEMO_DEPARTMENT = 'demo';

/**
 * Whether the development bootstrap may set a CA up in this data directory, decided before the store
 * and the vault are opened (they create their files): only a new directory (absent, or holding
 * nothing but the development passphrase the configuration just generated) with that development
 * passphrase. Throws with one sentence naming `signet init` when the directory has no database and
 * may not be bootstrapped: a production passphrase means an operator's CA, and keys left without
 * their database mean a lost database that a second CA beside the old keys would hide.
 */
export function mayBootstrap(config: Pick<Config, 'dataDir' | 'passphraseSource'>): boolean {
  const { dataDir } = config;
  const isNew =
    !existsSync(dataDir) || readdirSync(dataDir).every((f) => f === DEV_PASSPHRASE_FILE);
  const allowed = isNew && config.passphraseSource === 'development-file';
  if (allowed || existsSync(join(dataDir, DATABASE_FILE))) return allowed;
  throw notSetUp(config);
}

function notSetUp(config: Pick<Config, 'dataDir' | 'passphraseSource'>): CaError {
  return new CaError(
    'NOT_INITIALIZED',
    config.passphraseSource === 'development-file'
      ? `The data directory ${config.dataDir} holds no certificate authority but is not empty (keys or files from before, without their database); restore its database, or run "signet init" on an empty directory.`
      : `The data directory ${config.dataDir} holds no certificate authority, and with SIGNET_KEY_PASSPHRASE set Signet makes none itself: run "signet init" first.`,
  );
}

/**
 * The development bootstrap of SPEC.md "Set-up": on a data directory with no CA, set one up with a
 * demo department that holds a certificate, and leave the admin token and the demo API key in
 * files only the owner can read. The tokens are never logged; the log says where the files are.
 * Only where `mayBootstrap` allowed it; a database without a CA is refused otherwise.
 */
export async function bootstrapDevelopment(
  services: Services,
  config: Pick<Config, 'dataDir' | 'passphraseSource'>,
  allowed: boolean,
  logger: Logger,
): Promise<void> {
  if (services.authorities.isInitialized()) return;
  if (!allowed) throw notSetUp(config);
  const { dataDir } = config;
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

import { chmodSync, existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SignetError } from './core/errors';
import { generateDevPassphrase } from './keys';

export type ConfigErrorCode = 'NO_PASSPHRASE' | 'INVALID_CONFIG';
export class ConfigError extends SignetError<ConfigErrorCode> {}

export const DEV_PASSPHRASE_FILE = 'dev-passphrase';

export interface Config {
  dataDir: string;
  passphrase: string;
  /** Where the passphrase came from: production sets SIGNET_KEY_PASSPHRASE. */
  passphraseSource: 'environment' | 'development-file';
  publicUrl: string;
  host: string;
  port: number;
  warnings: string[];
}

export interface ConfigOptions {
  dataDir?: string;
  /** Only the development bootstrap and `signet init` may create a development passphrase. */
  createDevPassphrase?: boolean;
}

/**
 * Reads and checks the environment once and fails fast. There is no default secret: without
 * SIGNET_KEY_PASSPHRASE the development passphrase is generated (random) into the data directory
 * with a warning, and only when the caller is allowed to set a new directory up.
 */
export function loadConfig(env: NodeJS.ProcessEnv, options: ConfigOptions = {}): Config {
  const dataDir = resolve(options.dataDir ?? env.SIGNET_DATA_DIR ?? './data');
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError('INVALID_CONFIG', `PORT "${env.PORT}" is not a TCP port number.`);
  }
  const host = env.HOST ?? '127.0.0.1';
  const publicUrl = (env.SIGNET_PUBLIC_URL ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(publicUrl)) {
    throw new ConfigError(
      'INVALID_CONFIG',
      `SIGNET_PUBLIC_URL "${publicUrl}" is not an http(s) URL.`,
    );
  }
  const warnings: string[] = [];
  const fromEnv = env.SIGNET_KEY_PASSPHRASE;
  if (fromEnv !== undefined && fromEnv !== '') {
    return {
      dataDir,
      passphrase: fromEnv,
      passphraseSource: 'environment',
      publicUrl,
      host,
      port,
      warnings,
    };
  }
  const devFile = join(dataDir, DEV_PASSPHRASE_FILE);
  if (!existsSync(devFile)) {
    if (!options.createDevPassphrase) {
      throw new ConfigError(
        'NO_PASSPHRASE',
        `SIGNET_KEY_PASSPHRASE is not set and ${dataDir} has no development passphrase: set it, or run "signet init" first.`,
      );
    }
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(devFile, `${generateDevPassphrase()}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(devFile, 0o600);
    warnings.push(
      `A development key passphrase was generated in ${devFile}; production must set SIGNET_KEY_PASSPHRASE.`,
    );
  } else {
    warnings.push(
      `Using the development key passphrase in ${devFile}; production must set SIGNET_KEY_PASSPHRASE.`,
    );
  }
  const passphrase = readFileSync(devFile, 'utf8').trim();
  return {
    dataDir,
    passphrase,
    passphraseSource: 'development-file',
    publicUrl,
    host,
    port,
    warnings,
  };
}

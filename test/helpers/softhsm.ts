/**
 * SoftHSM (Debian's softhsm2) as the PKCS#11 token of tests. SoftHSM reads SOFTHSM2_CONF from the
 * real environment when its module is initialized, and lists only the tokens present then: the
 * run's token directory is set by test/global-setup.js, and a test file initializes its tokens
 * (each with a label of its own) before it opens a vault, and closes every vault at its end.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './openssl';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export interface SoftHsmToken {
  /** A temporary directory of the test's own (the PIN file is in it). */
  dir: string;
  module: string;
  label: string;
  pin: string;
  pinFile: string;
  /** SOFTHSM2_CONF and the SIGNET_KEYS=pkcs11 variables for a child process. */
  env: Record<string, string>;
}

/** A freshly initialized token with a unique label (at most 32 characters) and its PIN file. */
export function softHsmToken(prefix = 'signet-test', pin = '246810'): SoftHsmToken {
  const conf = process.env.SOFTHSM2_CONF;
  if (!conf)
    throw new Error('SOFTHSM2_CONF is not set: run the tests through Jest (global-setup).');
  const label = `${prefix.slice(0, 19)}-${randomBytes(6).toString('hex')}`;
  initToken(label, pin);
  const dir = tempDir('signet-pkcs11-');
  const pinFile = join(dir, 'pin');
  writeFileSync(pinFile, `${pin}\n`, { mode: 0o600 });
  return {
    dir,
    module: SOFTHSM_MODULE,
    label,
    pin,
    pinFile,
    env: {
      SOFTHSM2_CONF: conf,
      SIGNET_KEYS: 'pkcs11',
      SIGNET_PKCS11_MODULE: SOFTHSM_MODULE,
      SIGNET_PKCS11_TOKEN: label,
      SIGNET_PKCS11_PIN_FILE: pinFile,
    },
  };
}

/** Initializes a token in the run's token directory (the next free slot). */
export function initToken(label: string, pin: string): void {
  execFileSync(
    'softhsm2-util',
    ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', `${pin}0`],
    { stdio: 'pipe' },
  );
}

/** pkcs11-tool (OpenSC) against the token, logged in; returns stdout, throws on failure. */
export function pkcs11Tool(token: SoftHsmToken, args: string[]): string {
  return execFileSync(
    'pkcs11-tool',
    [
      '--module',
      token.module,
      '--token-label',
      token.label,
      '--login',
      '--pin',
      token.pin,
      ...args,
    ],
    { stdio: 'pipe' },
  ).toString();
}

/**
 * Asks the token, from a process of its own logged in with the PIN, for an attribute of the
 * private key with this CKA_ID (hex). Returns the value's hex, or the PKCS#11 error name (such as
 * CKR_ATTRIBUTE_SENSITIVE) the token answers with.
 */
export function readPrivateKeyAttribute(
  token: SoftHsmToken,
  keyIdHex: string,
  attribute: 'CKA_VALUE' | 'CKA_PRIVATE_EXPONENT' | 'CKA_LABEL',
): string {
  const script = `
    const p = require('pkcs11js');
    const [module, label, pin, id, attribute] = process.argv.slice(1);
    const lib = new p.PKCS11();
    lib.load(module);
    lib.C_Initialize();
    const slot = lib.C_GetSlotList(true).find((s) => lib.C_GetTokenInfo(s).label.trim() === label);
    const session = lib.C_OpenSession(slot, p.CKF_SERIAL_SESSION);
    lib.C_Login(session, p.CKU_USER, pin);
    lib.C_FindObjectsInit(session, [
      { type: p.CKA_CLASS, value: p.CKO_PRIVATE_KEY },
      { type: p.CKA_ID, value: Buffer.from(id, 'hex') },
    ]);
    const key = lib.C_FindObjects(session);
    lib.C_FindObjectsFinal(session);
    try {
      const [a] = lib.C_GetAttributeValue(session, key, [{ type: p[attribute] }]);
      process.stdout.write(Buffer.from(a.value).toString('hex'));
    } catch (e) {
      process.stdout.write(e.message);
    }
    lib.C_Finalize();
  `;
  return execFileSync(
    process.execPath,
    ['-e', script, token.module, token.label, token.pin, keyIdHex, attribute],
    { stdio: 'pipe', cwd: join(__dirname, '..', '..') },
  ).toString();
}

/**
 * One loaded PKCS#11 module per library path and process. A module is initialized once per
 * application (PKCS#11 v2.40 5.4: a second C_Initialize answers CKR_CRYPTOKI_ALREADY_INITIALIZED,
 * and C_Finalize ends it for every user in the process), so vaults opened on the same module share
 * it and the last one to close finalizes it.
 */
import * as pkcs11js from 'pkcs11js';
import { KeyVaultError } from '../errors';

interface Loaded {
  lib: pkcs11js.PKCS11;
  users: number;
}

const loaded = new Map<string, Loaded>();

/** The module at `path`, loaded and initialized; fails with MODULE_UNAVAILABLE. */
export function acquireModule(path: string): pkcs11js.PKCS11 {
  const known = loaded.get(path);
  if (known) {
    known.users += 1;
    return known.lib;
  }
  const lib = new pkcs11js.PKCS11();
  try {
    lib.load(path);
  } catch (cause) {
    throw new KeyVaultError(
      'MODULE_UNAVAILABLE',
      `The PKCS#11 module ${path} (SIGNET_PKCS11_MODULE) cannot be loaded.`,
      { cause },
    );
  }
  try {
    // Several sessions sign at once on the libuv pool: the module must lock for itself.
    lib.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (cause) {
    if (!hasCode(cause, pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED)) {
      lib.close();
      throw new KeyVaultError(
        'MODULE_UNAVAILABLE',
        `The PKCS#11 module ${path} (SIGNET_PKCS11_MODULE) cannot be initialized.`,
        { cause },
      );
    }
  }
  loaded.set(path, { lib, users: 1 });
  return lib;
}

/** Ends one use of the module; the last use finalizes and unloads it. */
export function releaseModule(path: string): void {
  const known = loaded.get(path);
  if (!known) return;
  known.users -= 1;
  if (known.users > 0) return;
  loaded.delete(path);
  try {
    known.lib.C_Finalize();
  } finally {
    known.lib.close();
  }
}

/** True when `error` is a PKCS#11 failure with this CKR_ code. */
export function hasCode(error: unknown, code: number): boolean {
  return error instanceof pkcs11js.Pkcs11Error && error.code === code;
}

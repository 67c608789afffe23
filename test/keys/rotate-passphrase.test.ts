/**
 * Issue 20 done-when 4: a passphrase rotation killed with SIGKILL at random points never leaves a
 * key unreadable: after each kill the vault opens under the old or the new passphrase, and every
 * key reads under it (the transparency log's key too); a finished rotation leaves only the new passphrase able to open the vault.
 * The rotation runs in a child process over the build (dist/), as `signet keys rotate-passphrase`
 * runs it; the kill comes at a random time within a measured rotation.
 */
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileKeyVault, KeyVaultError } from '../../src/keys';
import { openLogKey } from '../../src/keys/log-key';
import { signet, signetJson } from '../helpers/cli';
import { tempDir } from '../helpers/openssl';
import { dataDir, FAST_KDF, openVault, PASSPHRASE, removeDataDirs } from './vault-fixture';

const OTHER = 'a quite different passphrase';
const LOG_ORIGIN = 'signet.test/log';
const DIST_KEYS = join(__dirname, '..', '..', 'dist', 'keys', 'index.js');
const ROUNDS = 20;
const KEYS = 24;

/** Opens the vault and rotates from FROM to TO, saying "open" once the old passphrase worked. */
const CHILD = `
const { FileKeyVault } = require(process.env.DIST_KEYS);
(async () => {
  const vault = await FileKeyVault.open({ dir: process.env.DIR, passphrase: process.env.FROM, scryptLogN: 15 });
  process.stdout.write('open\\n');
  await vault.rotatePassphrase(process.env.TO);
  process.stdout.write('done\\n');
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(3); });
`;

/** Runs a rotation; kills it `killAfterMs` after it opened the vault (never, if undefined). */
function rotateInChild(
  dir: string,
  from: string,
  to: string,
  killAfterMs?: number,
): Promise<{ finished: boolean; rotationMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD], {
      env: { PATH: process.env.PATH, DIST_KEYS, DIR: dir, FROM: from, TO: to },
    });
    let out = '';
    let err = '';
    let openedAt = 0;
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (openedAt === 0 && out.includes('open\n')) {
        openedAt = Date.now();
        if (killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`rotation failed: ${err}`));
      else resolve({ finished: out.includes('done\n'), rotationMs: Date.now() - openedAt });
    });
  });
}

/** The passphrase that opens the vault now (the other must fail as WRONG_PASSPHRASE). */
async function openingPassphrase(
  dir: string,
): Promise<{ passphrase: string; vault: FileKeyVault }> {
  for (const passphrase of [PASSPHRASE, OTHER]) {
    try {
      return { passphrase, vault: await openVault(dir, passphrase) };
    } catch (error) {
      if (!(error instanceof KeyVaultError && error.code === 'WRONG_PASSPHRASE')) throw error;
    }
  }
  throw new Error('neither passphrase opens the vault');
}

describe('keys rotate-passphrase', () => {
  afterAll(removeDataDirs);

  describe('when the rotation is killed with SIGKILL at random points', () => {
    it(`leaves every key readable under one of the two passphrases (${ROUNDS} rounds)`, async () => {
      const dir = dataDir();
      const vault = await openVault(dir);
      const publicKeys = new Map<string, string>();
      for (let i = 0; i < KEYS; i += 1) {
        const key = await vault.generate(i % 6 === 5 ? 'rsa-2048' : 'ecdsa-p256');
        publicKeys.set(key.keyId, Buffer.from(key.publicKey).toString('hex'));
      }
      // The transparency log's key is sealed under the same master key and rotated with it.
      const logPublicKey = (await openLogKey({ dir, passphrase: PASSPHRASE, origin: LOG_ORIGIN }))
        .publicKey;
      // A whole rotation, to know how long one takes once the vault is open.
      const whole = await rotateInChild(dir, PASSPHRASE, OTHER);
      expect(whole.finished).toBe(true);
      let inForce = OTHER;
      const outcomes = { before: 0, after: 0, finished: 0 };
      for (let round = 0; round < ROUNDS; round += 1) {
        const to = inForce === PASSPHRASE ? OTHER : PASSPHRASE;
        const killAfterMs = Math.random() * whole.rotationMs * 1.2;
        const run = await rotateInChild(dir, inForce, to, killAfterMs);
        const opened = await openingPassphrase(dir);
        if (run.finished) {
          outcomes.finished += 1;
          expect(opened.passphrase).toBe(to);
        } else outcomes[opened.passphrase === to ? 'after' : 'before'] += 1;
        for (const [keyId, publicKey] of publicKeys) {
          const read = Buffer.from(await opened.vault.publicKey(keyId)).toString('hex');
          expect(read).toBe(publicKey);
        }
        const logKey = await openLogKey({ dir, passphrase: opened.passphrase, origin: LOG_ORIGIN });
        expect(Buffer.from(logKey.publicKey)).toEqual(Buffer.from(logPublicKey));
        // Opening finished or dropped the interrupted rotation: no half-state is left behind.
        expect(readdirSync(join(dir, 'keys')).filter((f) => f.endsWith('.next'))).toEqual([]);
        inForce = opened.passphrase;
      }
      // Most kills land inside the rotation, not after it: the test tested something.
      expect(outcomes.before + outcomes.after).toBeGreaterThan(0);
    }, 600_000);
  });

  describe('when the rotation finishes', () => {
    it('only the new passphrase opens the vault, and every key signs under it', async () => {
      const dir = dataDir();
      const vault = await openVault(dir);
      const key = await vault.generate('ecdsa-p256');
      await expect(vault.rotatePassphrase(OTHER)).resolves.toEqual({ keys: 1 });
      // The same process goes on under the new master key: a key made now opens after reopening.
      const later = await vault.generate('ecdsa-p256');
      await expect(openVault(dir)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
      const reopened = await openVault(dir, OTHER);
      for (const k of [key, later]) {
        expect(Buffer.from(await reopened.publicKey(k.keyId))).toEqual(Buffer.from(k.publicKey));
      }
    });

    it('refuses a new passphrase shorter than 12 characters and changes nothing', async () => {
      const dir = dataDir();
      const vault = await FileKeyVault.open({ dir, passphrase: PASSPHRASE, ...FAST_KDF });
      await vault.generate('ecdsa-p256');
      await expect(vault.rotatePassphrase('too short')).rejects.toMatchObject({
        code: 'WEAK_PASSPHRASE',
      });
      await expect(openVault(dir)).resolves.toBeInstanceOf(FileKeyVault);
    });
  });

  describe('signet keys rotate-passphrase', () => {
    it('rotates the keys of a CA, audits it, and the CA then works only under the new passphrase', () => {
      const dir = tempDir('signet-rotate-cli-');
      const files = tempDir('signet-rotate-files-');
      const old = { SIGNET_KEY_PASSPHRASE: PASSPHRASE };
      const next = { SIGNET_KEY_PASSPHRASE: OTHER };
      signetJson(['init', '--data-dir', dir], old);
      writeFileSync(join(files, 'new'), `${OTHER}\n`);
      const r = signetJson<{ keys: number }>(
        [
          'keys',
          'rotate-passphrase',
          '--new-passphrase-file',
          join(files, 'new'),
          '--data-dir',
          dir,
        ],
        old,
      );
      expect(r.keys).toBeGreaterThanOrEqual(4);
      const refused = signet(['crl', '--data-dir', dir], old);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('does not unlock');
      expect(signet(['crl', '--data-dir', dir], next).status).toBe(0);
      const audit = signet(['audit', 'verify', '--data-dir', dir, '--json'], next);
      expect(audit.status).toBe(0);
    });
  });
});

import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  KEY_ALGORITHMS,
  defaultScheme,
  publicKeyFromSpki,
  verifySignature,
  type KeyAlgorithmName,
} from '../../src/core/algorithms';
import { FileKeyVault, KeyVaultError, generateDevPassphrase } from '../../src/keys';
import { PKCS8_MARKERS, filesUnder, markersIn } from './scan';
import { FAST_KDF, PASSPHRASE, dataDir, openVault, removeDataDirs } from './vault-fixture';

const DATA = Buffer.from('document digest and signed attributes');
const ALGORITHMS = Object.keys(KEY_ALGORITHMS) as KeyAlgorithmName[];
const mode = (path: string): number => statSync(path).mode & 0o777;

afterAll(removeDataDirs);

async function rejection(promise: Promise<unknown>): Promise<KeyVaultError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof KeyVaultError) return err;
    throw err;
  }
  throw new Error('expected the promise to reject');
}

describe('FileKeyVault at rest', () => {
  let dir: string;
  let keysDir: string;
  const keyIds: string[] = [];

  beforeAll(async () => {
    dir = dataDir();
    keysDir = join(dir, 'keys');
    const vault = await openVault(dir);
    for (const algorithm of ALGORITHMS) keyIds.push((await vault.generate(algorithm)).keyId);
  });

  it('keeps one <keyId>.key file per key beside vault.json, and nothing else', () => {
    expect(readdirSync(keysDir).sort()).toEqual(
      [...keyIds.map((id) => `${id}.key`), 'vault.json'].sort(),
    );
  });

  it('makes the keys directory 0700 and every file 0600', () => {
    expect(mode(keysDir)).toBe(0o700);
    for (const file of filesUnder(keysDir)) expect([file, mode(file)]).toEqual([file, 0o600]);
  });

  it('writes no PKCS#8 key, PEM label or passphrase into any file', () => {
    const markers = { ...PKCS8_MARKERS, passphrase: Buffer.from(PASSPHRASE, 'utf8') };
    for (const file of filesUnder(keysDir)) {
      expect([file, markersIn(readFileSync(file), markers)]).toEqual([file, []]);
    }
  });

  it('would find those markers in keys as OpenSSL writes them (the scan works)', () => {
    const work = dataDir();
    const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
    const ecPem = join(work, 'ec.pem');
    run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-out', ecPem]);
    const rsaPem = join(work, 'rsa.pem');
    run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', rsaPem]);
    const pkcs8Der = run(['pkcs8', '-topk8', '-nocrypt', '-in', rsaPem, '-outform', 'DER']);
    const pkcs1Der = run(['rsa', '-in', rsaPem, '-traditional', '-outform', 'DER']);
    const sec1Der = run(['ec', '-in', ecPem, '-outform', 'DER']);
    const found = (bytes: Buffer) => markersIn(bytes, PKCS8_MARKERS);
    // PKCS#8 wraps the traditional structure, so one file may show several markers.
    expect(found(readFileSync(ecPem))).toEqual(
      expect.arrayContaining(['pemLabel', 'ecPublicKeyOid']),
    );
    expect(found(pkcs8Der)).toContain('rsaEncryptionOid');
    expect(found(Buffer.from(pkcs8Der.toString('hex')))).toContain('rsaEncryptionOid');
    expect(found(pkcs1Der)).toEqual(['pkcs1Header']);
    expect(found(sec1Der)).toContain('sec1P384Header');
  });

  it('records scrypt parameters of at least N=2^15, r=8, p=1 and a 16-byte salt', () => {
    const header = JSON.parse(readFileSync(join(keysDir, 'vault.json'), 'utf8'));
    expect(header.kdf).toMatchObject({ name: 'scrypt', N: 2 ** 15, r: 8, p: 1 });
    expect(Buffer.from(header.kdf.salt, 'base64url')).toHaveLength(16);
  });

  it('uses N=2^16 when no cost is given', async () => {
    const fresh = dataDir();
    await FileKeyVault.open({ dir: fresh, passphrase: PASSPHRASE });
    const header = JSON.parse(readFileSync(join(fresh, 'keys', 'vault.json'), 'utf8'));
    expect(header.kdf.N).toBe(2 ** 16);
  });

  describe('when reopened with the right passphrase', () => {
    it('signs with every existing key', async () => {
      const reopened = await openVault(dir);
      for (const [i, keyId] of keyIds.entries()) {
        const scheme = defaultScheme(KEY_ALGORITHMS[ALGORITHMS[i] as KeyAlgorithmName]);
        const signature = await reopened.signer(keyId, scheme).sign(DATA);
        const publicKey = publicKeyFromSpki(await reopened.publicKey(keyId));
        expect(verifySignature(scheme, publicKey, DATA, signature)).toBe(true);
      }
    });
  });

  describe('when opened with the wrong passphrase', () => {
    it('fails with WRONG_PASSPHRASE in one sentence that does not hold the passphrase', async () => {
      const wrong = 'not the passphrase of this vault';
      const err = await rejection(openVault(dir, wrong));
      expect(err.code).toBe('WRONG_PASSPHRASE');
      expect(err.message).toBe(
        "The key passphrase does not unlock this data directory's key vault.",
      );
      expect(err.message).not.toContain(wrong);
    });
  });

  describe('with a weak passphrase', () => {
    it('refuses a passphrase under 12 characters, creating nothing', async () => {
      const fresh = dataDir();
      const err = await rejection(openVault(fresh, 'short-pass1'));
      expect(err.code).toBe('WEAK_PASSPHRASE');
      expect(err.message).not.toContain('short-pass1');
      expect(readdirSync(fresh)).toEqual([]);
    });

    it('counts characters, not UTF-16 units', async () => {
      const emoji = '🔑'.repeat(11);
      expect(emoji.length).toBe(22);
      await expect(openVault(dataDir(), emoji)).rejects.toMatchObject({ code: 'WEAK_PASSPHRASE' });
    });
  });

  describe('when a key file was tampered with', () => {
    it('fails sign() and publicKey() with KEY_CORRUPTED', async () => {
      const work = dataDir();
      const vault = await openVault(work);
      const { keyId } = await vault.generate('ecdsa-p256');
      const path = join(work, 'keys', `${keyId}.key`);
      const file = JSON.parse(readFileSync(path, 'utf8'));
      const ciphertext = Buffer.from(file.privateKey.ciphertext, 'base64url');
      ciphertext[40] ^= 0x01;
      file.privateKey.ciphertext = ciphertext.toString('base64url');
      writeFileSync(path, JSON.stringify(file));
      const reopened = await openVault(work);
      const signer = reopened.signer(keyId, { keyType: 'ec', hash: 'sha256' });
      await expect(signer.sign(DATA)).rejects.toMatchObject({ code: 'KEY_CORRUPTED' });
      await expect(reopened.publicKey(keyId)).rejects.toMatchObject({ code: 'KEY_CORRUPTED' });
    });

    it('fails with KEY_CORRUPTED when only the stored algorithm was changed', async () => {
      const work = dataDir();
      const vault = await openVault(work);
      const { keyId } = await vault.generate('ecdsa-p256');
      const path = join(work, 'keys', `${keyId}.key`);
      const file = JSON.parse(readFileSync(path, 'utf8'));
      writeFileSync(path, JSON.stringify({ ...file, algorithm: 'ecdsa-p384' }));
      await expect((await openVault(work)).publicKey(keyId)).rejects.toMatchObject({
        code: 'KEY_CORRUPTED',
      });
    });

    it('fails with KEY_CORRUPTED for a truncated file', async () => {
      const work = dataDir();
      const { keyId } = await (await openVault(work)).generate('rsa-2048');
      const path = join(work, 'keys', `${keyId}.key`);
      writeFileSync(path, readFileSync(path).subarray(0, 100));
      await expect((await openVault(work)).publicKey(keyId)).rejects.toMatchObject({
        code: 'KEY_CORRUPTED',
      });
    });
  });

  describe('when a key file was renamed to another id', () => {
    it('fails with KEY_CORRUPTED, for a new id and over an existing key', async () => {
      const work = dataDir();
      const vault = await openVault(work);
      const a = await vault.generate('ecdsa-p256');
      const b = await vault.generate('ecdsa-p256');
      const keys = join(work, 'keys');
      const renamedId = 'ab'.repeat(16);
      renameSync(join(keys, `${a.keyId}.key`), join(keys, `${renamedId}.key`));
      copyFileSync(join(keys, `${renamedId}.key`), join(keys, `${b.keyId}.key`));
      const reopened = await openVault(work);
      const scheme = { keyType: 'ec', hash: 'sha256' } as const;
      await expect(reopened.signer(renamedId, scheme).sign(DATA)).rejects.toMatchObject({
        code: 'KEY_CORRUPTED',
      });
      await expect(reopened.signer(b.keyId, scheme).sign(DATA)).rejects.toMatchObject({
        code: 'KEY_CORRUPTED',
      });
    });
  });

  describe('vault.json', () => {
    it('is refused with VAULT_CORRUPTED when missing while key files exist', async () => {
      const work = dataDir();
      await (await openVault(work)).generate('ecdsa-p256');
      renameSync(join(work, 'keys', 'vault.json'), join(work, 'vault.json.bak'));
      await expect(openVault(work)).rejects.toMatchObject({ code: 'VAULT_CORRUPTED' });
    });

    it('is refused with VAULT_CORRUPTED when it is not JSON', async () => {
      const work = dataDir();
      mkdirSync(join(work, 'keys'));
      writeFileSync(join(work, 'keys', 'vault.json'), 'not json');
      await expect(openVault(work)).rejects.toMatchObject({ code: 'VAULT_CORRUPTED' });
    });

    it('is refused with VAULT_CORRUPTED when its scrypt cost was lowered', async () => {
      const work = dataDir();
      await openVault(work);
      const path = join(work, 'keys', 'vault.json');
      const header = JSON.parse(readFileSync(path, 'utf8'));
      writeFileSync(path, JSON.stringify({ ...header, kdf: { ...header.kdf, N: 1024 } }));
      await expect(openVault(work)).rejects.toMatchObject({ code: 'VAULT_CORRUPTED' });
    });

    it('is created once when two processes open a new vault at the same time', async () => {
      const work = dataDir();
      const [first, second] = await Promise.all([openVault(work), openVault(work)]);
      const { keyId, publicKey } = await first.generate('ecdsa-p256');
      await expect(second.publicKey(keyId)).resolves.toEqual(publicKey);
    });
  });

  describe('the keys directory', () => {
    it('is tightened to 0700 when it exists with a looser mode', async () => {
      const work = dataDir();
      mkdirSync(join(work, 'keys'));
      chmodSync(join(work, 'keys'), 0o755);
      await FileKeyVault.open({ dir: work, passphrase: PASSPHRASE, ...FAST_KDF });
      expect(mode(join(work, 'keys'))).toBe(0o700);
    });

    it('fails with STORAGE_FAILED, keeping the cause, when it cannot be written', async () => {
      const work = dataDir();
      writeFileSync(join(work, 'keys'), 'a file where the directory should be');
      const err = await rejection(openVault(work));
      expect(err.code).toBe('STORAGE_FAILED');
      expect(err.cause).toMatchObject({ code: 'EEXIST' });
    });
  });
});

describe('generateDevPassphrase', () => {
  it('gives 32 random bytes in base64url that open a vault', async () => {
    const a = generateDevPassphrase();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(generateDevPassphrase()).not.toBe(a);
    await expect(openVault(dataDir(), a)).resolves.toBeInstanceOf(FileKeyVault);
  });
});

import nodeCrypto, { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  KEY_ALGORITHMS,
  defaultScheme,
  publicKeyFromSpki,
  verifySignature,
  type KeyAlgorithmName,
  type SignatureScheme,
} from '../../src/core/algorithms';
import { toPem } from '../../src/core/encoding';
import { FileKeyVault, KeyVaultError } from '../../src/keys';
import { openssl, tempDir } from '../helpers/openssl';
import { dataDir, openVault, removeDataDirs } from './vault-fixture';

const DATA = Buffer.from('The data to be signed: signed attributes of a CAdES signature.');
const ALGORITHMS = Object.keys(KEY_ALGORITHMS) as KeyAlgorithmName[];

function schemeFor(algorithm: KeyAlgorithmName): SignatureScheme {
  return defaultScheme(KEY_ALGORITHMS[algorithm]);
}

function keyFile(dir: string, keyId: string): string {
  return join(dir, 'keys', `${keyId}.key`);
}

describe('FileKeyVault', () => {
  let dir: string;
  let vault: FileKeyVault;

  beforeAll(async () => {
    dir = dataDir();
    vault = await openVault(dir);
  });
  afterAll(removeDataDirs);

  describe('generate', () => {
    it('returns a random 16-byte hex key id and the DER SubjectPublicKeyInfo', async () => {
      const a = await vault.generate('ecdsa-p256');
      const b = await vault.generate('ecdsa-p256');
      expect(a.keyId).toMatch(/^[0-9a-f]{32}$/);
      expect(a.keyId).not.toBe(b.keyId);
      expect(publicKeyFromSpki(a.publicKey).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    });

    it('refuses an algorithm it does not offer', async () => {
      await expect(vault.generate('dsa-1024' as KeyAlgorithmName)).rejects.toMatchObject({
        code: 'UNSUPPORTED_ALGORITHM',
      });
    });
  });

  describe.each(ALGORITHMS)('with an %s key', (algorithm) => {
    let keyId: string;
    let spki: Uint8Array;
    let signature: Uint8Array;

    beforeAll(async () => {
      ({ keyId, publicKey: spki } = await vault.generate(algorithm));
      signature = await vault.signer(keyId, schemeFor(algorithm)).sign(DATA);
    });

    it('signs so that the public key verifies the signature', () => {
      expect(verifySignature(schemeFor(algorithm), publicKeyFromSpki(spki), DATA, signature)).toBe(
        true,
      );
    });

    it('gives a signature that fails for changed data', () => {
      const changed = Buffer.from(DATA);
      changed[0] ^= 1;
      expect(
        verifySignature(schemeFor(algorithm), publicKeyFromSpki(spki), changed, signature),
      ).toBe(false);
    });

    it('returns the same public key from publicKey()', async () => {
      expect(Buffer.from(await vault.publicKey(keyId))).toEqual(Buffer.from(spki));
    });

    it('returns a plain Uint8Array signature', () => {
      expect(signature).toBeInstanceOf(Uint8Array);
      expect(Buffer.isBuffer(signature)).toBe(false);
    });
  });

  describe('with an RSA key and an RSASSA-PSS scheme', () => {
    it('signs a PSS signature that verifies', async () => {
      const { keyId, publicKey } = await vault.generate('rsa-2048');
      const scheme: SignatureScheme = { keyType: 'rsa', hash: 'sha256', padding: 'pss' };
      const signature = await vault.signer(keyId, scheme).sign(DATA);
      expect(verifySignature(scheme, publicKeyFromSpki(publicKey), DATA, signature)).toBe(true);
      const pkcs1: SignatureScheme = { keyType: 'rsa', hash: 'sha256', padding: 'pkcs1' };
      expect(verifySignature(pkcs1, publicKeyFromSpki(publicKey), DATA, signature)).toBe(false);
    });
  });

  describe.each([
    ['ecdsa-p256', 'sha256'],
    ['rsa-2048', 'sha256'],
  ] as const)('when OpenSSL checks a signature of an %s key', (algorithm, hash) => {
    let work: string;
    beforeAll(async () => {
      work = tempDir('signet-keys-openssl-');
      const { keyId, publicKey } = await vault.generate(algorithm);
      const signature = await vault.signer(keyId, schemeFor(algorithm)).sign(DATA);
      writeFileSync(join(work, 'pub.pem'), toPem(publicKey, 'PUBLIC KEY'));
      writeFileSync(join(work, 'data'), DATA);
      writeFileSync(join(work, 'changed'), Buffer.concat([DATA, Buffer.from('!')]));
      writeFileSync(join(work, 'sig'), signature);
    });
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    const dgstVerify = (file: string) =>
      openssl([
        `dgst`,
        `-${hash}`,
        '-verify',
        join(work, 'pub.pem'),
        '-signature',
        join(work, 'sig'),
        join(work, file),
      ]);

    it('is verified by openssl dgst -verify', () => {
      const r = dgstVerify('data');
      expect(r.stdout).toContain('Verified OK');
      expect(r.status).toBe(0);
    });

    it('fails openssl dgst -verify for changed data', () => {
      const r = dgstVerify('changed');
      expect(r.stdout).toContain('Verification failure');
      expect(r.status).not.toBe(0);
    });
  });

  describe('when the scheme does not fit the key', () => {
    it('refuses an RSA scheme for an EC key with SCHEME_MISMATCH', async () => {
      const { keyId } = await vault.generate('ecdsa-p256');
      const signer = vault.signer(keyId, { keyType: 'rsa', hash: 'sha256', padding: 'pkcs1' });
      await expect(signer.sign(DATA)).rejects.toMatchObject({ code: 'SCHEME_MISMATCH' });
    });

    it('refuses an ECDSA scheme for an RSA key with SCHEME_MISMATCH', async () => {
      const { keyId } = await vault.generate('rsa-2048');
      await expect(
        vault.signer(keyId, { keyType: 'ec', hash: 'sha256' }).sign(DATA),
      ).rejects.toMatchObject({
        code: 'SCHEME_MISMATCH',
      });
    });

    it('refuses a hash it does not offer with UNSUPPORTED_ALGORITHM', async () => {
      const { keyId } = await vault.generate('ecdsa-p256');
      const md5 = { keyType: 'ec', hash: 'md5' } as unknown as SignatureScheme;
      await expect(vault.signer(keyId, md5).sign(DATA)).rejects.toMatchObject({
        code: 'UNSUPPORTED_ALGORITHM',
      });
    });
  });

  describe('when the key does not exist', () => {
    const unknownId = randomBytes(16).toString('hex');

    it('still returns a signer, whose sign() fails with KEY_NOT_FOUND', async () => {
      const signer = vault.signer(unknownId, { keyType: 'ec', hash: 'sha256' });
      await expect(signer.sign(DATA)).rejects.toBeInstanceOf(KeyVaultError);
      await expect(signer.sign(DATA)).rejects.toMatchObject({ code: 'KEY_NOT_FOUND' });
    });

    it('fails publicKey() with KEY_NOT_FOUND', async () => {
      await expect(vault.publicKey(unknownId)).rejects.toMatchObject({ code: 'KEY_NOT_FOUND' });
    });

    it('treats an id that is not a key id (a path) as not found', async () => {
      await expect(vault.publicKey('../keys/vault')).rejects.toMatchObject({
        code: 'KEY_NOT_FOUND',
      });
    });
  });

  describe('destroy', () => {
    it('removes the key file, so the key no longer signs', async () => {
      const { keyId } = await vault.generate('ecdsa-p256');
      const signer = vault.signer(keyId, schemeFor('ecdsa-p256'));
      await signer.sign(DATA);
      await vault.destroy(keyId);
      expect(() => rmSync(keyFile(dir, keyId))).toThrow(/ENOENT/);
      await expect(signer.sign(DATA)).rejects.toMatchObject({ code: 'KEY_NOT_FOUND' });
    });

    it('is idempotent', async () => {
      const { keyId } = await vault.generate('ecdsa-p256');
      await vault.destroy(keyId);
      await expect(vault.destroy(keyId)).resolves.toBeUndefined();
    });
  });

  describe('key cache', () => {
    it('decrypts a key once: a cached key still signs after its file is gone', async () => {
      const { keyId } = await vault.generate('ecdsa-p256');
      rmSync(keyFile(dir, keyId));
      await expect(vault.signer(keyId, schemeFor('ecdsa-p256')).sign(DATA)).resolves.toBeInstanceOf(
        Uint8Array,
      );
    });

    it('keeps at most cacheSize keys, evicting the least recently used', async () => {
      const smallDir = dataDir();
      const small = await openVault(smallDir, undefined, 1);
      const a = await small.generate('ecdsa-p256');
      const b = await small.generate('ecdsa-p256');
      rmSync(keyFile(smallDir, a.keyId));
      rmSync(keyFile(smallDir, b.keyId));
      await expect(small.publicKey(b.keyId)).resolves.toEqual(b.publicKey);
      await expect(small.publicKey(a.keyId)).rejects.toMatchObject({ code: 'KEY_NOT_FOUND' });
    });

    it('serves concurrent and later uses of a key from one decryption', async () => {
      const { keyId } = await vault.generate('ecdsa-p256');
      const reopened = await openVault(dir);
      const imports = jest.spyOn(nodeCrypto, 'createPrivateKey');
      try {
        const signer = reopened.signer(keyId, schemeFor('ecdsa-p256'));
        await Promise.all(Array.from({ length: 8 }, () => signer.sign(DATA)));
        await signer.sign(DATA);
        await reopened.publicKey(keyId);
        expect(imports).toHaveBeenCalledTimes(1);
      } finally {
        imports.mockRestore();
      }
    });
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  KEY_ALGORITHMS,
  defaultScheme,
  publicKeyFromSpki,
  verifySignature,
  type KeyAlgorithmName,
  type SignatureScheme,
} from '../../src/core/algorithms';
import { Pkcs11KeyVault } from '../../src/keys';
import { execFileSync } from 'node:child_process';
import {
  initToken,
  pkcs11Tool,
  readPrivateKeyAttribute,
  softHsmToken,
  type SoftHsmToken,
} from '../helpers/softhsm';

describe('Pkcs11KeyVault on SoftHSM', () => {
  let token: SoftHsmToken;
  let vault: Pkcs11KeyVault;
  const options = () => ({ module: token.module, label: token.label, pin: token.pin });

  beforeAll(() => {
    token = softHsmToken();
    vault = Pkcs11KeyVault.open(options());
  });
  afterAll(() => vault.close());

  const data = new TextEncoder().encode('signed attributes stand-in');
  const cases: Array<[KeyAlgorithmName, SignatureScheme]> = [
    ['ecdsa-p256', defaultScheme(KEY_ALGORITHMS['ecdsa-p256'])],
    ['ecdsa-p384', defaultScheme(KEY_ALGORITHMS['ecdsa-p384'])],
    ['rsa-2048', defaultScheme(KEY_ALGORITHMS['rsa-2048'])],
    ['rsa-2048', { keyType: 'rsa', hash: 'sha256', padding: 'pss' }],
    ['rsa-3072', { keyType: 'rsa', hash: 'sha384', padding: 'pss', saltLength: 20 }],
  ];

  describe.each(cases)('a %s key', (algorithm, scheme) => {
    it(`signs inside the token with ${JSON.stringify(scheme)}, verified by Node's OpenSSL`, async () => {
      const { keyId, publicKey } = await vault.generate(algorithm);
      const signature = await vault.signer(keyId, scheme).sign(data);
      const key = publicKeyFromSpki(publicKey);
      expect(verifySignature(scheme, key, data, signature)).toBe(true);
      // The negative beside it: another message does not verify.
      expect(verifySignature(scheme, key, new Uint8Array([1, 2, 3]), signature)).toBe(false);
      expect(Buffer.from(await vault.publicKey(keyId))).toEqual(Buffer.from(publicKey));
    });
  });

  it('finds a key again by its id after the vault is closed and opened (a restart)', async () => {
    const { keyId, publicKey } = await vault.generate('ecdsa-p256');
    vault.close();
    vault = Pkcs11KeyVault.open(options());
    const scheme = defaultScheme(KEY_ALGORITHMS['ecdsa-p256']);
    const signature = await vault.signer(keyId, scheme).sign(data);
    expect(verifySignature(scheme, publicKeyFromSpki(publicKey), data, signature)).toBe(true);
  });

  it('refuses an unknown key, a malformed id and a scheme that does not fit the key', async () => {
    const ec = defaultScheme(KEY_ALGORITHMS['ecdsa-p256']);
    await expect(vault.signer('0'.repeat(32), ec).sign(data)).rejects.toMatchObject({
      code: 'KEY_NOT_FOUND',
    });
    await expect(vault.signer('../etc', ec).sign(data)).rejects.toMatchObject({
      code: 'KEY_NOT_FOUND',
    });
    const { keyId } = await vault.generate('ecdsa-p256');
    await expect(
      vault.signer(keyId, defaultScheme(KEY_ALGORITHMS['rsa-2048'])).sign(data),
    ).rejects.toMatchObject({ code: 'SCHEME_MISMATCH' });
  });

  it('destroys a key: it is gone from the token, and destroying again is no error', async () => {
    const { keyId } = await vault.generate('ecdsa-p256');
    await vault.destroy(keyId);
    await vault.destroy(keyId);
    await expect(vault.publicKey(keyId)).rejects.toMatchObject({ code: 'KEY_NOT_FOUND' });
  });

  it('signs 1,000 concurrent requests through the session pool', async () => {
    const { keyId, publicKey } = await vault.generate('ecdsa-p256');
    const scheme = defaultScheme(KEY_ALGORITHMS['ecdsa-p256']);
    const signer = vault.signer(keyId, scheme);
    const messages = Array.from({ length: 1000 }, (_, i) => new TextEncoder().encode(`doc ${i}`));
    const signatures = await Promise.all(messages.map((m) => signer.sign(m)));
    const key = publicKeyFromSpki(publicKey);
    expect(signatures.every((s, i) => verifySignature(scheme, key, messages[i] ?? data, s))).toBe(
      true,
    );
  });

  it('keeps every private key sensitive, never extractable and private (pkcs11-tool)', async () => {
    const ec = await vault.generate('ecdsa-p256');
    const rsa = await vault.generate('rsa-2048');
    for (const { keyId } of [ec, rsa]) {
      const listing = pkcs11Tool(token, ['--list-objects', '--type', 'privkey', '--id', keyId]);
      expect(listing).toMatch(/Access:\s+sensitive, always sensitive, never extractable/);
      expect(listing).toMatch(/Usage:\s+sign\n/);
      // Without the PIN, the private key is not even listed (CKA_PRIVATE), its public key is.
      const anonymous = execFileSync('pkcs11-tool', [
        '--module',
        token.module,
        '--token-label',
        token.label,
        '-O',
        '--id',
        keyId,
      ]).toString();
      expect(anonymous).toContain('Public Key Object');
      expect(anonymous).not.toContain('Private Key Object');
    }
    // The token itself refuses to give the key's value, even to a process logged in with the PIN.
    expect(readPrivateKeyAttribute(token, ec.keyId, 'CKA_VALUE')).toBe('CKR_ATTRIBUTE_SENSITIVE');
    expect(readPrivateKeyAttribute(token, rsa.keyId, 'CKA_PRIVATE_EXPONENT')).toBe(
      'CKR_ATTRIBUTE_SENSITIVE',
    );
    // The negative beside it: a readable attribute of the same key is answered.
    expect(readPrivateKeyAttribute(token, ec.keyId, 'CKA_LABEL')).toBe(
      Buffer.from(`signet-${ec.keyId}`).toString('hex'),
    );
  });

  describe('at start-up', () => {
    // A process logs in once: while the vault is open, the token would not check another PIN.
    beforeAll(() => vault.close());
    afterAll(() => {
      vault = Pkcs11KeyVault.open(options());
    });
    it('stops with one sentence for a wrong PIN', () => {
      expect(() => Pkcs11KeyVault.open({ ...options(), pin: '000000' })).toThrow(
        expect.objectContaining({ code: 'WRONG_PIN' }),
      );
    });
    it('stops with one sentence for a missing module', () => {
      const missing = join(token.dir, 'no-such-module.so');
      expect(() => Pkcs11KeyVault.open({ ...options(), module: missing })).toThrow(
        expect.objectContaining({
          code: 'MODULE_UNAVAILABLE',
          message: `The PKCS#11 module ${missing} (SIGNET_PKCS11_MODULE) cannot be loaded.`,
        }),
      );
    });
    it('stops with one sentence for a file that is not a PKCS#11 module', () => {
      const notModule = join(token.dir, 'not-a-module.so');
      writeFileSync(notModule, 'text');
      expect(() => Pkcs11KeyVault.open({ ...options(), module: notModule })).toThrow(
        expect.objectContaining({ code: 'MODULE_UNAVAILABLE' }),
      );
    });
    it('stops with one sentence for a missing token', () => {
      expect(() => Pkcs11KeyVault.open({ ...options(), label: 'nobody' })).toThrow(
        expect.objectContaining({
          code: 'TOKEN_NOT_FOUND',
          message: `No PKCS#11 token labelled "nobody" (SIGNET_PKCS11_TOKEN) is present in ${token.module}.`,
        }),
      );
    });
  });

  it('opens a token initialized after the module was loaded, by its label', async () => {
    const label = `second-${token.label}`.slice(0, 32);
    initToken(label, '135790');
    // SoftHSM lists new tokens after the module is initialized again: close every user first.
    vault.close();
    const second = Pkcs11KeyVault.open({ module: token.module, label, pin: '135790' });
    try {
      const { keyId } = await second.generate('ecdsa-p256');
      expect(second.custody).toEqual({
        kind: 'pkcs11',
        location: `PKCS#11 token "${label}" (${token.module})`,
      });
      vault = Pkcs11KeyVault.open(options());
      await expect(vault.publicKey(keyId)).rejects.toMatchObject({ code: 'KEY_NOT_FOUND' });
    } finally {
      second.close();
    }
  });
});

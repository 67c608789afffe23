/**
 * `signet cert revoke` when the CRL cannot be signed: the issuing CA's key file is gone (a keys
 * volume not mounted). The revocation commits with its CRL or not at all (ca/revoke.ts): the
 * command fails and the certificate is still valid; once the key is back, the revocation and a CRL
 * listing it (checked by OpenSSL under the issuing CA) land together.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signet, signetJson } from '../helpers/cli';
import { openssl, tempDir } from '../helpers/openssl';

const ENV = { SIGNET_KEY_PASSPHRASE: 'revoke crl test passphrase' };

describe('signet cert revoke when the issuing CA key cannot sign the CRL', () => {
  it('fails and revokes nothing; with the key back, the revocation and its CRL land together', () => {
    const dir = tempDir('signet-revoke-crl-');
    const files = tempDir('signet-revoke-crl-files-');
    const json = <T>(args: string[]): T => signetJson<T>([...args, '--data-dir', dir], ENV);
    const init = json<{ issuing: { certificate: string } }>(['init']);
    writeFileSync(join(files, 'issuing.pem'), init.issuing.certificate);
    json(['department', 'add', 'finance', '--name', 'Finance']);
    const { serial } = json<{ serial: string }>(['cert', 'issue', '--department', 'finance']);
    const issuingKey = json<{ keys: { keyId: string; purposes: string[] }[] }>([
      'keys',
      'list',
    ]).keys.find((k) => k.purposes.includes('issuing CA'));
    const keyFile = join(dir, 'keys', `${issuingKey?.keyId ?? 'none'}.key`);
    const status = () => json<{ status: string }>(['cert', 'show', serial]).status;
    const revoke = () =>
      signet(['cert', 'revoke', serial, '--reason', 'keyCompromise', '--data-dir', dir], ENV);

    renameSync(keyFile, `${keyFile}.away`);
    const refused = revoke();
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).not.toBe('');
    expect(status()).toBe('valid');

    renameSync(`${keyFile}.away`, keyFile);
    expect(revoke().status).toBe(0);
    expect(status()).toBe('revoked');
    const crl = join(files, 'issuing.crl');
    expect(signet(['crl', '--out', crl, '--data-dir', dir], ENV).status).toBe(0);
    const r = openssl([
      'crl',
      '-inform',
      'DER',
      '-in',
      crl,
      '-CAfile',
      join(files, 'issuing.pem'),
      '-noout',
      '-text',
    ]);
    expect(r.stderr + r.stdout).toContain('verify OK');
    expect(r.stdout).toContain(`Serial Number: ${serial.toUpperCase()}`);
  }, 180_000);
});

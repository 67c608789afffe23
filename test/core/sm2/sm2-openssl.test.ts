/**
 * Raw SM2 signatures against OpenSSL 3 (`openssl pkeyutl -rawin -digest sm3`) with the explicit
 * distinguishing ID 1234567812345678 (GB/T 35276), both ways; a flipped ID fails both ways. Also
 * the reason Signet computes SM2 itself: Node's crypto.sign with an SM2 key uses OpenSSL 3's empty
 * default ID, and no Node API takes another.
 */
import { createPrivateKey, randomBytes, sign as nodeSign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { toPem } from '../../../src/core/encoding';
import { SM2_P256 } from '../../../src/core/sm2/curve';
import { sm2PublicKeyFromSpki, sm2Spki } from '../../../src/core/sm2/public-key';
import { sm2Sign } from '../../../src/core/sm2/sign';
import { sm2Verify } from '../../../src/core/sm2/verify';
import { mustOpenssl, openssl, tempDir } from '../../helpers/openssl';

const ID = '1234567812345678';
const OTHER_ID = '1234567812345679';

describe('SM2 raw signatures and OpenSSL 3', () => {
  const dir = tempDir('signet-sm2-');
  const keyPem = join(dir, 'key.pem');
  const pubPem = join(dir, 'pub.pem');
  const message = join(dir, 'message');
  const data = randomBytes(1000);
  writeFileSync(message, data);
  mustOpenssl(['genpkey', '-algorithm', 'SM2', '-out', keyPem]);
  mustOpenssl(['pkey', '-in', keyPem, '-pubout', '-out', pubPem]);
  mustOpenssl(['pkey', '-in', keyPem, '-pubout', '-outform', 'DER', '-out', join(dir, 'pub.der')]);
  const spkiDer = new Uint8Array(readFileSync(join(dir, 'pub.der')));
  // The private scalar from OpenSSL's text dump (the test's own key, not a production path).
  const privHex =
    /priv:\s*([\s\S]*?)pub:/.exec(mustOpenssl(['pkey', '-in', keyPem, '-text', '-noout']))?.[1] ??
    '';
  const d = bytesToNumberBE(new Uint8Array(Buffer.from(privHex.replace(/[\s:]/g, ''), 'hex')));
  const publicKey = SM2_P256.Point.BASE.multiply(d);

  const opensslVerify = (sig: Uint8Array, id: string) => {
    const sigFile = join(dir, `sig-${randomBytes(4).toString('hex')}`);
    writeFileSync(sigFile, sig);
    return openssl([
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      pubPem,
      '-rawin',
      '-digest',
      'sm3',
      '-in',
      message,
      '-sigfile',
      sigFile,
      '-pkeyopt',
      `distid:${id}`,
    ]);
  };
  const opensslSign = (id: string): Uint8Array => {
    const out = join(dir, `ossl-${randomBytes(4).toString('hex')}`);
    mustOpenssl([
      'pkeyutl',
      '-sign',
      '-inkey',
      keyPem,
      '-rawin',
      '-digest',
      'sm3',
      '-in',
      message,
      '-out',
      out,
      '-pkeyopt',
      `distid:${id}`,
    ]);
    return new Uint8Array(readFileSync(out));
  };

  it('reads the key OpenSSL wrote, and writes the same SubjectPublicKeyInfo', () => {
    expect(sm2PublicKeyFromSpki(spkiDer).equals(publicKey)).toBe(true);
    expect(Buffer.from(sm2Spki(publicKey))).toEqual(Buffer.from(spkiDer));
  });

  it("has OpenSSL verify Signet's signature with the explicit ID", () => {
    const sig = sm2Sign(SM2_P256, d, data, randomBytes);
    const r = opensslVerify(sig, ID);
    expect(r.stdout).toContain('Signature Verified Successfully');
    expect(r.status).toBe(0);
  });

  it("verifies OpenSSL's signature made with the explicit ID", () => {
    expect(sm2Verify(SM2_P256, publicKey, data, opensslSign(ID))).toBe(true);
  });

  describe('when the distinguishing ID differs', () => {
    it('OpenSSL refuses Signet’s signature', () => {
      const sig = sm2Sign(SM2_P256, d, data, randomBytes);
      expect(opensslVerify(sig, OTHER_ID).status).not.toBe(0);
    });
    it("Signet refuses OpenSSL's", () => {
      expect(sm2Verify(SM2_P256, publicKey, data, opensslSign(OTHER_ID))).toBe(false);
    });
  });

  it("shows Node's crypto.sign cannot be used: its SM2 signature is made under the empty ID", () => {
    const key = createPrivateKey({ key: readFileSync(keyPem), format: 'pem' });
    const sig = new Uint8Array(nodeSign('sm3', data, key));
    expect(opensslVerify(sig, ID).status).not.toBe(0);
    expect(sm2Verify(SM2_P256, publicKey, data, sig)).toBe(false);
    expect(sm2Verify(SM2_P256, publicKey, data, sig, new Uint8Array(0))).toBe(true);
  });

  it('leaves the PEM readable by OpenSSL', () => {
    const pem = toPem(sm2Spki(publicKey), 'PUBLIC KEY');
    expect(openssl(['pkey', '-pubin', '-noout', '-text'], pem).stdout).toContain('SM2');
  });
});

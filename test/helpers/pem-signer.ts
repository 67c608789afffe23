/**
 * A Signer over a PEM private key, for tests: the role the key vault plays in the service
 * (STYLE.md rule 6), with node:crypto's asynchronous sign.
 */
import { createPrivateKey, sign } from 'node:crypto';
import {
  nodeSignatureOptions,
  type HashName,
  type SignatureScheme,
} from '../../src/core/algorithms';
import type { Signer } from '../../src/core/signer';

export function pemSigner(keyPem: string, hash: HashName = 'sha256'): Signer {
  const key = createPrivateKey(keyPem);
  const scheme: SignatureScheme =
    key.asymmetricKeyType === 'ec'
      ? { keyType: 'ec', hash }
      : { keyType: 'rsa', hash, padding: 'pkcs1' };
  const options = { key, ...nodeSignatureOptions(scheme) };
  return {
    scheme,
    sign: (data) =>
      new Promise((resolve, reject) => {
        sign(hash, data, options, (error, signature) =>
          error ? reject(error) : resolve(new Uint8Array(signature)),
        );
      }),
  };
}

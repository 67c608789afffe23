/**
 * A Signer over a PEM private key for tests, in any scheme of the algorithm table (RSA PKCS#1
 * v1.5 and PSS included): the part the key vault plays in the service (STYLE.md rule 6). The key
 * is parsed once; signing uses node:crypto's asynchronous sign.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { nodeSignatureOptions, type SignatureScheme } from '../../src/core/algorithms';
import type { Signer } from '../../src/core/signer';

export function nodeSigner(keyPem: string, scheme: SignatureScheme): Signer {
  const options = { key: createPrivateKey(keyPem), ...nodeSignatureOptions(scheme) };
  return {
    scheme,
    sign: (data) =>
      new Promise((resolve, reject) => {
        sign(scheme.hash, data, options, (error, signature) =>
          error ? reject(error) : resolve(new Uint8Array(signature)),
        );
      }),
  };
}

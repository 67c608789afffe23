/**
 * DER of the digest and signature AlgorithmIdentifiers a SignerInfo names (RFC 5652 5.3), from
 * the algorithm table, encoded once per algorithm.
 */
import {
  digestAlgorithmIdentifier,
  signatureAlgorithmIdentifier,
  type HashName,
  type SignatureScheme,
} from '../algorithms';
import { toDer } from '../encoding';
import { memoize } from '../memo';

export const digestAlgorithmDer = memoize(
  (hash: HashName) => hash,
  (hash: HashName) => toDer(digestAlgorithmIdentifier(hash)),
);

export const signatureAlgorithmDer = memoize(
  (scheme: SignatureScheme) =>
    [scheme.keyType, scheme.hash, scheme.padding ?? '', scheme.saltLength ?? ''].join(':'),
  (scheme: SignatureScheme) => toDer(signatureAlgorithmIdentifier(scheme)),
);

/**
 * The hostile verification request of issue 14: a detached CMS whose one SignerInfo is copied many
 * times, carrying hundreds of CA certificates that all bear the name of the signer's issuer, so
 * that every signer and every path search meets the same crowd of candidate issuers.
 *
 * - `hostileExponents`: the keys are one RSA-3072 modulus with a random ~3000-bit public exponent
 *   per certificate (OpenSSL checks the exponent's size only above 3072 bits), so that each
 *   signature check costs a private-key-sized exponentiation. Node cannot generate such keys: the
 *   SubjectPublicKeyInfo is written by hand; the signatures are made with the real key and do not
 *   verify, which costs the verifier just as much.
 * - otherwise: every certificate has its own P-256 key and a real signature (each CA certifies
 *   itself), the legitimate-looking crowd whose cost only a per-request budget bounds.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { RSAPublicKey } from '@peculiar/asn1-rsa';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { digest, type SignatureScheme } from '../../src/core/algorithms';
import {
  buildSignerInfo,
  contentTypeAttribute,
  encodeSignedData,
  messageDigestAttribute,
  signingTimeAttribute,
} from '../../src/core/cms';
import * as oid from '../../src/core/oid';
import { issue, party, type Party } from '../core/validation/fixtures';
import { nodeSigner } from './node-signer';

export interface HostileRequestOptions {
  /** Copies of the one SignerInfo. */
  signers: number;
  /** CA certificates named like the signer's issuer. */
  cas: number;
  /** RSA-3072 keys with ~3000-bit public exponents instead of P-256 keys with real signatures. */
  hostileExponents: boolean;
  /** Signers that differ (each its own signing-time) instead of copies of one SignerInfo. */
  distinctSigners?: boolean;
}

export interface HostileRequest {
  document: Uint8Array;
  /** The detached CMS (DER). */
  signature: Uint8Array;
}

const ISSUER_NAME = 'Crowded Issuing CA';

/** SubjectPublicKeyInfo of `key`'s modulus with a random odd exponent of `bits` bits. */
function withHugeExponent(key: KeyObject, bits: number): Uint8Array {
  const modulus = Buffer.from(key.export({ format: 'jwk' }).n ?? '', 'base64url');
  const exponent = randomBytes(bits / 8);
  exponent[0] = (exponent[0] ?? 0) | 0x80;
  exponent[exponent.length - 1] = (exponent[exponent.length - 1] ?? 0) | 1;
  const positive = (b: Buffer): ArrayBuffer =>
    new Uint8Array(Buffer.concat([Buffer.alloc(1), b])).buffer;
  const rsaKey = new RSAPublicKey({
    modulus: positive(modulus),
    publicExponent: positive(exponent),
  });
  const spki = new SubjectPublicKeyInfo({
    algorithm: new AlgorithmIdentifier({ algorithm: oid.OID_RSA_ENCRYPTION, parameters: null }),
    subjectPublicKey: AsnConvert.serialize(rsaKey),
  });
  return new Uint8Array(AsnConvert.serialize(spki));
}

export async function hostileRequest(options: HostileRequestOptions): Promise<HostileRequest> {
  const rsa = options.hostileExponents
    ? generateKeyPairSync('rsa', { modulusLength: 3072 })
    : undefined;
  /** A party with its own key, or the shared RSA key under a huge exponent. */
  const member = (cn: string): Party => {
    const p = party(cn);
    if (!rsa) return p;
    const spkiDer = withHugeExponent(rsa.publicKey, 3000);
    return { ...p, privateKey: rsa.privateKey, spkiDer, keyId: digest('sha256', spkiDer) };
  };
  const cas = Array.from({ length: options.cas }, () => member(ISSUER_NAME));
  cas.forEach((ca, i) => issue(ca, ca, { ca: true, serial: i + 2 }));
  const signer = member('Crowded Signer');
  const [issuer] = cas;
  if (!issuer) throw new Error('a hostile request needs at least one CA');
  issue(signer, issuer, {
    serial: 1,
    keyUsage: 1 << 0,
    ekus: [oid.OID_KP_DOCUMENT_SIGNING],
  });
  const document = new Uint8Array(Buffer.from('Notice 2031-14: the crowd at the door.\n'));
  const scheme: SignatureScheme = rsa
    ? { keyType: 'rsa', hash: 'sha256', padding: 'pkcs1' }
    : { keyType: 'ec', hash: 'sha256' };
  const keyPem = signer.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const signerInfo = (second: number) =>
    buildSignerInfo({
      signer: nodeSigner(keyPem, scheme),
      certificate: signer.der,
      signedAttributes: [
        contentTypeAttribute(oid.OID_CT_DATA),
        messageDigestAttribute(digest('sha256', document)),
        signingTimeAttribute(new Date(Date.UTC(2030, 0, 1, 0, 0, second))),
      ],
    });
  const one = await signerInfo(0);
  const signerInfos = await Promise.all(
    Array.from({ length: options.signers }, (_, i) =>
      options.distinctSigners ? signerInfo(i) : one,
    ),
  );
  const signature = encodeSignedData({
    contentType: oid.OID_CT_DATA,
    certificates: [signer.der, ...cas.map((ca) => ca.der)],
    crls: [],
    signerInfos,
  });
  return { document, signature };
}

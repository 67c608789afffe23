/**
 * The generic SignerInfo builder, in the two phases of STYLE.md rule 6: the data to be signed is
 * the DER SET OF the signed attributes (RFC 5652 5.4), the Signer signs it, and the SignerInfo is
 * assembled around the signature value (RFC 5652 5.3).
 */
import { OctetString } from '@peculiar/asn1-schema';
import { SignerInfo } from '../asn1/cms';
import { DerElement } from '../asn1/der-element';
import { contextTag, integer, TAG, tlv } from '../asn1/der-writer';
import type { Signer } from '../signer';
import { digestAlgorithmDer, signatureAlgorithmDer } from './algorithm-identifiers';
import { signedAttributesSet } from './attributes';
import { signerIdentity } from './signer-identity';

export interface SignerInfoInput {
  signer: Signer;
  /** The signer's certificate (DER): it names the SignerInfo (sid). */
  certificate: Uint8Array;
  /**
   * Attribute DER, in any order. They must include content-type and message-digest, the latter
   * made with the signer's hash, which the SignerInfo names as its digestAlgorithm (RFC 5652 5.3).
   */
  signedAttributes: readonly Uint8Array[];
}

export async function buildSignerInfo(input: SignerInfoInput): Promise<SignerInfo> {
  const { signer } = input;
  const signedAttrs = signedAttributesSet(input.signedAttributes);
  const signature = await signer.sign(tlv(TAG.SET, ...signedAttrs.encodings()));
  const sid = signerIdentity(input.certificate).sid;
  return new SignerInfo({
    version: signerInfoVersion(sid),
    sid: new DerElement(sid),
    digestAlgorithm: new DerElement(digestAlgorithmDer(signer.scheme.hash)),
    signedAttrs,
    signatureAlgorithm: new DerElement(signatureAlgorithmDer(signer.scheme)),
    signature: new OctetString(signature),
  });
}

/**
 * SignerInfo DER (RFC 5652 5.3) written with the DER writer around its encoded fields, as the
 * declared class writes it (test/core/cms/signed-data-writer.test.ts compares the two).
 */
export function encodeSignerInfo(s: SignerInfo): Uint8Array {
  return tlv(
    TAG.SEQUENCE,
    integer(s.version),
    s.sid.der,
    s.digestAlgorithm.der,
    // signedAttrs [0] IMPLICIT and unsignedAttrs [1] IMPLICIT SET OF: constructed, 0xa0 and 0xa1.
    ...(s.signedAttrs ? [tlv(contextTag(0, true), ...s.signedAttrs.encodings())] : []),
    s.signatureAlgorithm.der,
    tlv(TAG.OCTET_STRING, new Uint8Array(s.signature.buffer)),
    ...(s.unsignedAttrs ? [tlv(contextTag(1, true), ...s.unsignedAttrs.encodings())] : []),
  );
}

/** RFC 5652 5.3: version 1 for issuerAndSerialNumber (a SEQUENCE), 3 for subjectKeyIdentifier. */
function signerInfoVersion(sid: Uint8Array): number {
  return sid[0] === 0x30 ? 1 : 3;
}

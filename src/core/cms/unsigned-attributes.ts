/**
 * The extension point for unsigned attributes (RFC 5652 5.3): a later step adds attributes to
 * each SignerInfo (a signature time-stamp now, a transparency-log proof later) without touching
 * what was signed, so the signature stays valid.
 */
import { Attribute, SignerInfo } from '../asn1/cms';
import { decodeDer } from '../asn1/decode';
import { derSetOf, sortedByEncoding } from '../asn1/der-element';
import { signerInfoView, type SignerInfoView } from './parse';
import { decodeSignedData, encodeSignedData } from './signed-data';

/** The unsigned attributes (Attribute DER) to add to one SignerInfo, from its view. */
export type UnsignedAttributeSource = (
  signerInfo: SignerInfoView,
) => Promise<readonly Uint8Array[]>;

/** The CMS with each SignerInfo's unsigned attributes extended by `source`'s (in DER order). */
export async function addUnsignedAttributes(
  cmsDer: Uint8Array,
  source: UnsignedAttributeSource,
): Promise<Uint8Array> {
  const parts = decodeSignedData(cmsDer);
  const signerInfos = await Promise.all(
    parts.signerInfos.map(async (signerInfo) => {
      const added = await source(signerInfoView(signerInfo));
      if (added.length === 0) return signerInfo;
      for (const attribute of added) decodeDer(attribute, Attribute, 'unsigned attribute');
      const existing = signerInfo.unsignedAttrs?.encodings() ?? [];
      return new SignerInfo({
        ...signerInfo,
        unsignedAttrs: derSetOf(sortedByEncoding([...existing, ...added])),
      });
    }),
  );
  return encodeSignedData({ ...parts, signerInfos });
}

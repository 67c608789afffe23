/**
 * PKIFailureInfo (RFC 3161 section 2.4.2), a named-bit BIT STRING. Declared here with the bit
 * numbers of the RFC: @peculiar/asn1-tsp 2.6's PKIFailureInfoFlags put every bit after badAlg one
 * position too low (badRequest on bit 1 instead of 2), which other implementations read as
 * another failure.
 */
import type { BitString } from '@peculiar/asn1-schema';
import { PKIFailureInfo } from '@peculiar/asn1-tsp';

export const PKI_FAILURE_INFO_BITS = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  timeNotAvailable: 14,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
  addInfoNotAvailable: 17,
  systemFailure: 25,
} as const;

export type PkiFailureInfoName = keyof typeof PKI_FAILURE_INFO_BITS;

/** The BIT STRING with one named bit set, trailing zero bits removed (X.690 11.2.2). */
export function failureInfoBitString(name: PkiFailureInfoName): PKIFailureInfo {
  const bit = PKI_FAILURE_INFO_BITS[name];
  const octets = new Uint8Array((bit >> 3) + 1);
  octets[bit >> 3] = 0x80 >> (bit & 7);
  return new PKIFailureInfo(octets, 7 - (bit & 7));
}

/** The names of the bits set in a PKIFailureInfo. */
export function failureInfoNames(bits: BitString): PkiFailureInfoName[] {
  const octets = new Uint8Array(bits.value);
  const isSet = (bit: number): boolean => ((octets[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0;
  return (Object.keys(PKI_FAILURE_INFO_BITS) as PkiFailureInfoName[]).filter((name) =>
    isSet(PKI_FAILURE_INFO_BITS[name]),
  );
}

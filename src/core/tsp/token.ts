/**
 * A TSA's TimeStampToken (RFC 3161 section 2.4.2): a SignedData over a TSTInfo, signed with the
 * attributes content-type, message-digest and signing-certificate-v2 (RFC 5816), built by the same
 * SignerInfo builder as every other Signet signature.
 */
import { GeneralName, type AlgorithmIdentifier } from '@peculiar/asn1-x509';
import {
  digest,
  digestAlgorithmIdentifier,
  hashLength,
  hashOid,
  type HashName,
} from '../algorithms';
import {
  contentTypeAttribute,
  messageDigestAttribute,
  signingCertificateV2Attribute,
  signingTimeAttribute,
} from '../cms/attributes';
import { encodeSignedData } from '../cms/signed-data';
import { buildSignerInfo } from '../cms/signer-info';
import { signerIdentity } from '../cms/signer-identity';
import {
  contextTag,
  generalizedTime,
  implicitTag,
  integer,
  objectIdentifier,
  TAG,
  tlv,
} from '../asn1/der-writer';
import { toDer } from '../encoding';
import { FormatError } from '../errors';
import { bytesKey, memoize } from '../memo';
import { OID_CT_TST_INFO } from '../oid';
import type { Signer } from '../signer';

export interface TimeStampAccuracy {
  seconds?: number;
  /** 1 to 999 (RFC 3161 2.4.2). */
  millis?: number;
  /** 1 to 999. */
  micros?: number;
}

export interface TimeStampTokenInput {
  /** The request fields answered (parseTimeStampRequest's result may be spread in). */
  hash: HashName;
  /** The request's AlgorithmIdentifier, echoed; by default the hash's with absent parameters. */
  hashAlgorithm?: AlgorithmIdentifier;
  messageImprint: Uint8Array;
  nonce?: Uint8Array;
  /** Unique per token: the octets of a positive integer of at most 160 bits (RFC 3161 2.4.2). */
  serialNumber: Uint8Array;
  /** GeneralizedTime, with the fraction of a second DER allows (no trailing zeros, 'Z'). */
  genTime: Date;
  accuracy?: TimeStampAccuracy;
  policy: string;
  signer: Signer;
  tsaCertificate: Uint8Array;
  /** The request's certReq: carry the TSA certificate in the token. */
  includeCertificate: boolean;
  /** Name the TSA (TSTInfo.tsa) as the directoryName of its certificate's subject. */
  includeTsaName?: boolean;
  /** A signing-time attribute too, which RFC 3161 allows but does not ask for. */
  signingTime?: Date;
}

/** What the TSTInfo holds of a token's input. */
export type TstInfoFields = Omit<
  TimeStampTokenInput,
  'signer' | 'includeCertificate' | 'signingTime'
>;

/** The TimeStampToken (a ContentInfo) DER. */
export async function createTimeStampToken(input: TimeStampTokenInput): Promise<Uint8Array> {
  const tstInfoDer = encodeTstInfo(input);
  const { signer, tsaCertificate } = input;
  const tokenHash = signer.scheme.hash;
  const signerInfo = await buildSignerInfo({
    signer,
    certificate: tsaCertificate,
    signedAttributes: [
      contentTypeAttribute(OID_CT_TST_INFO),
      messageDigestAttribute(digest(tokenHash, tstInfoDer)),
      signingCertificateV2Attribute(tsaCertificate, tokenHash),
      ...(input.signingTime ? [signingTimeAttribute(input.signingTime)] : []),
    ],
  });
  return encodeSignedData({
    contentType: OID_CT_TST_INFO,
    content: tstInfoDer,
    certificates: input.includeCertificate ? [tsaCertificate] : [],
    crls: [],
    signerInfos: [signerInfo],
  });
}

/**
 * TSTInfo DER (RFC 3161 2.4.2), written with the DER writer as the declared TSTInfo class of
 * @peculiar/asn1-tsp writes it (test/core/tsp/tst-info-writer.test.ts compares the two on random
 * inputs): version 1, policy, messageImprint, serialNumber, genTime, accuracy, no ordering (its
 * DEFAULT FALSE is left out), nonce, tsa [0] EXPLICIT GeneralName.
 */
export function encodeTstInfo(input: TstInfoFields): Uint8Array {
  if (input.messageImprint.length !== hashLength(input.hash)) {
    throw new FormatError('INVALID_VALUE', `The message imprint is not a ${input.hash} value.`);
  }
  const hashAlgorithm = input.hashAlgorithm ?? digestAlgorithmIdentifier(input.hash);
  if (hashAlgorithm.algorithm !== hashOid(input.hash)) {
    throw new FormatError(
      'INVALID_VALUE',
      `The hash AlgorithmIdentifier does not name ${input.hash}.`,
    );
  }
  return tlv(
    TAG.SEQUENCE,
    integer(1),
    policyDer(input.policy),
    tlv(TAG.SEQUENCE, toDer(hashAlgorithm), tlv(TAG.OCTET_STRING, input.messageImprint)),
    tlv(TAG.INTEGER, positiveInteger(input.serialNumber)),
    generalizedTime(input.genTime, true),
    ...(input.accuracy ? [accuracy(input.accuracy)] : []),
    ...(input.nonce ? [tlv(TAG.INTEGER, input.nonce)] : []),
    ...(input.includeTsaName ? [tsaName(input.tsaCertificate)] : []),
  );
}

const policyDer = memoize((policy: string) => policy, objectIdentifier, 16);

/** tsa [0] EXPLICIT GeneralName: the directoryName of the TSA certificate's subject. */
const tsaName = memoize(bytesKey, (certificate: Uint8Array) =>
  tlv(
    contextTag(0, true),
    toDer(new GeneralName({ directoryName: signerIdentity(certificate).subject })),
  ),
);

/** Accuracy ::= SEQUENCE { seconds INTEGER OPTIONAL, millis [0] (1..999), micros [1] (1..999) } */
function accuracy(value: TimeStampAccuracy): Uint8Array {
  const { seconds, millis, micros } = value;
  const inRange = (n: number | undefined, max: number): boolean =>
    n === undefined || (Number.isInteger(n) && n >= 0 && n <= max);
  if (
    !inRange(seconds, Number.MAX_SAFE_INTEGER) ||
    !inRange(millis, 999) ||
    !inRange(micros, 999)
  ) {
    throw new FormatError('INVALID_VALUE', 'The accuracy is out of the ranges of RFC 3161.');
  }
  // Zero parts are left out: a missing part counts as zero (RFC 3161 2.4.2).
  return tlv(
    TAG.SEQUENCE,
    ...(seconds ? [integer(seconds)] : []),
    ...(millis ? [implicitTag(0, integer(millis))] : []),
    ...(micros ? [implicitTag(1, integer(micros))] : []),
  );
}

/** The DER INTEGER content octets of a positive serial number given as unsigned octets. */
function positiveInteger(octets: Uint8Array): Uint8Array {
  const first = octets.findIndex((b) => b !== 0);
  const magnitude = first === -1 ? new Uint8Array(0) : octets.subarray(first);
  if (magnitude.length === 0 || magnitude.length > 20) {
    throw new FormatError(
      'INVALID_VALUE',
      'The serial number must be a positive integer of at most 160 bits.',
    );
  }
  const sign = (magnitude[0] ?? 0) & 0x80 ? [0] : [];
  return new Uint8Array([...sign, ...magnitude]);
}

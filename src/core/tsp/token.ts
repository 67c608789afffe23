/**
 * A TSA's TimeStampToken (RFC 3161 section 2.4.2): a SignedData over a TSTInfo, signed with the
 * attributes content-type, message-digest and signing-certificate-v2 (RFC 5816), built by the same
 * SignerInfo builder as every other Signet signature.
 */
import { OctetString } from '@peculiar/asn1-schema';
import { Accuracy, MessageImprint, TSTInfo } from '@peculiar/asn1-tsp';
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
import { toArrayBuffer, toDer } from '../encoding';
import { FormatError } from '../errors';
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

/** The TimeStampToken (a ContentInfo) DER. */
export async function createTimeStampToken(input: TimeStampTokenInput): Promise<Uint8Array> {
  const tstInfoDer = toDer(tstInfo(input));
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

function tstInfo(input: TimeStampTokenInput): TSTInfo {
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
  return new TSTInfo({
    version: 1,
    policy: input.policy,
    messageImprint: new MessageImprint({
      hashAlgorithm,
      hashedMessage: new OctetString(input.messageImprint),
    }),
    serialNumber: positiveInteger(input.serialNumber),
    genTime: input.genTime,
    accuracy: input.accuracy && accuracy(input.accuracy),
    nonce: input.nonce && toArrayBuffer(input.nonce),
    tsa: input.includeTsaName
      ? new GeneralName({ directoryName: signerIdentity(input.tsaCertificate).subject })
      : undefined,
  });
}

/** Accuracy ::= SEQUENCE { seconds INTEGER OPTIONAL, millis [0] (1..999), micros [1] (1..999) } */
function accuracy(value: TimeStampAccuracy): Accuracy {
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
  return new Accuracy({
    seconds: seconds || undefined,
    millis: millis || undefined,
    micros: micros || undefined,
  });
}

/** The DER INTEGER content octets of a positive serial number given as unsigned octets. */
function positiveInteger(octets: Uint8Array): ArrayBuffer {
  const first = octets.findIndex((b) => b !== 0);
  const magnitude = first === -1 ? new Uint8Array(0) : octets.subarray(first);
  if (magnitude.length === 0 || magnitude.length > 20) {
    throw new FormatError(
      'INVALID_VALUE',
      'The serial number must be a positive integer of at most 160 bits.',
    );
  }
  const sign = (magnitude[0] ?? 0) & 0x80 ? [0] : [];
  return toArrayBuffer(new Uint8Array([...sign, ...magnitude]));
}

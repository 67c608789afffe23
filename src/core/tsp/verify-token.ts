/**
 * verifyTimeStampToken: the checks RFC 3161 2.4.2 asks of a TimeStampToken over some data, in the
 * order a verifier makes them: the token reads, its message imprint is the hash of the data, the
 * TSA's certificate is the one the SignerInfo names and signing-certificate-v2 binds (RFC 5816),
 * the signed attributes cover the TSTInfo (RFC 5652 5.4), the TSA's signature verifies, and genTime
 * falls before the time of the check and within the TSA certificate's validity. Whether that
 * certificate leads to a trust anchor and is certified for time-stamping (RFC 3161 2.3) is path
 * validation's question, asked by the caller with its own anchors and revocation data.
 */
import { timingSafeEqual } from 'node:crypto';
import {
  digest,
  schemeFromAlgorithmIdentifier,
  verifySignature,
  type HashName,
} from '../algorithms';
import { CmsError } from '../cms/errors';
import { certificatesNamedBy, essCertIdV2Mismatch } from '../cms/signer-certificate';
import { FormatError } from '../errors';
import { OID_CT_TST_INFO } from '../oid';
import { parseCertificates, type CertView, type WorkBudget } from '../validation';
import { TspError } from './errors';
import { parseTimeStampToken, type TimeStampTokenView } from './token-parse';

/** Why a token cannot be relied on, by the check that refused it. */
export type TokenProblem =
  | { code: 'UNREADABLE'; detail: string }
  /** The imprint's hash is one Signet does not accept. */
  | { code: 'UNACCEPTED_HASH'; algorithm: string }
  /** The data's hash under the imprint's algorithm cannot be computed. */
  | { code: 'UNCOVERED' }
  | { code: 'IMPRINT_MISMATCH' }
  | { code: 'NO_TSA_CERTIFICATE' }
  /** The signed attributes do not cover this TSTInfo. */
  | { code: 'CONTENT_MISMATCH' }
  | { code: 'UNVERIFIABLE'; detail: string }
  | { code: 'BAD_SIGNATURE' }
  /** The work budget allows no more signature checks (core/validation/budget.ts). */
  | { code: 'WORK_LIMIT' }
  /** genTime is after the time of the check. */
  | { code: 'FUTURE' }
  /** genTime is outside the TSA certificate's validity period. */
  | { code: 'OUTSIDE_VALIDITY' };

export interface TokenVerification {
  /** The token, once it reads. */
  token?: TimeStampTokenView;
  /** The TSA's certificate, once found. */
  tsa?: CertView;
  /** Undefined when every check passed. */
  problem?: TokenProblem;
}

export interface TokenVerificationInput {
  /** The hash of the time-stamped data under `hash`, or undefined when it cannot be computed. */
  digestUnder(hash: HashName): Uint8Array | undefined;
  /** Certificates beside the token's own that may be the TSA's. */
  certificates: readonly CertView[];
  /** The time of the check. */
  now: Date;
  /**
   * The work budget the TSA's signature check draws from: the verification request's own, so that
   * a crowd of tokens is bounded with everything else the request does. Without one, a single
   * token's one check is not counted.
   */
  budget?: WorkBudget;
}

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && timingSafeEqual(a, b);

function readToken(der: Uint8Array): TimeStampTokenView | TokenProblem {
  try {
    return parseTimeStampToken(der);
  } catch (error) {
    if (error instanceof FormatError || error instanceof CmsError || error instanceof TspError) {
      return { code: 'UNREADABLE', detail: error.message };
    }
    throw error;
  }
}

export function verifyTimeStampToken(
  der: Uint8Array,
  input: TokenVerificationInput,
): TokenVerification {
  const token = readToken(der);
  if ('code' in token) return { problem: token };
  const { tstInfo } = token;
  // 2.4.2: messageImprint is the hash of the time-stamped data.
  if (!tstInfo.hash) {
    return {
      token,
      problem: { code: 'UNACCEPTED_HASH', algorithm: tstInfo.hashAlgorithm.algorithm },
    };
  }
  const expected = input.digestUnder(tstInfo.hash);
  if (!expected) return { token, problem: { code: 'UNCOVERED' } };
  if (!equalBytes(expected, tstInfo.messageImprint)) {
    return { token, problem: { code: 'IMPRINT_MISMATCH' } };
  }
  // RFC 5652 5.3 sid and RFC 5816 signing-certificate-v2: the TSA's certificate.
  const tsaInfo = token.signedData.signerInfos[0];
  const candidates = [...parseCertificates(token.signedData.certificates), ...input.certificates];
  const tsa =
    tsaInfo &&
    certificatesNamedBy(tsaInfo.sid, candidates).find(
      (c) => !tsaInfo.signingCertificateV2 || !essCertIdV2Mismatch(tsaInfo, c),
    );
  if (!tsaInfo || !tsa) return { token, problem: { code: 'NO_TSA_CERTIFICATE' } };
  // RFC 5652 5.4: signed attributes over the TSTInfo (content type and message digest).
  if (
    !tsaInfo.signedAttributesDer ||
    !tsaInfo.messageDigest ||
    !tsaInfo.digestHash ||
    tsaInfo.contentType !== OID_CT_TST_INFO ||
    !equalBytes(digest(tsaInfo.digestHash, token.tstInfoDer), tsaInfo.messageDigest)
  ) {
    return { token, tsa, problem: { code: 'CONTENT_MISMATCH' } };
  }
  if (input.budget?.spend('signatureChecks') === false) {
    return { token, tsa, problem: { code: 'WORK_LIMIT' } };
  }
  let valid: boolean;
  try {
    const scheme = schemeFromAlgorithmIdentifier(tsaInfo.signatureAlgorithm, tsaInfo.digestHash);
    valid = verifySignature(
      scheme,
      tsa.publicKey(),
      tsaInfo.signedAttributesDer,
      tsaInfo.signature,
    );
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    return { token, tsa, problem: { code: 'UNVERIFIABLE', detail: error.message } };
  }
  if (!valid) return { token, tsa, problem: { code: 'BAD_SIGNATURE' } };
  if (tstInfo.genTime > input.now) return { token, tsa, problem: { code: 'FUTURE' } };
  if (tstInfo.genTime < tsa.notBefore || tstInfo.genTime > tsa.notAfter) {
    return { token, tsa, problem: { code: 'OUTSIDE_VALIDITY' } };
  }
  return { token, tsa };
}

/**
 * ETSI EN 319 102-1 5.4, time-stamp validation, for the signature-time-stamp of CAdES
 * (ETSI EN 319 122-1 5.3): the token is a TimeStampToken (RFC 3161 2.4.2) whose message imprint is
 * the hash of the signature value, signed by a time-stamping authority whose certificate leads to a
 * trust anchor and is certified for time-stamping (RFC 3161 2.3). A valid token is a proof of
 * existence (POE) of the signature at its genTime.
 */
import { timingSafeEqual } from 'node:crypto';
import { digest, schemeFromAlgorithmIdentifier, verifySignature } from '../core/algorithms';
import { CmsError, type SignerInfoView } from '../core/cms';
import { FormatError } from '../core/errors';
import { OID_CT_TST_INFO, OID_KP_TIME_STAMPING } from '../core/oid';
import { parseTimeStampToken, TspError, type TimeStampTokenView } from '../core/tsp';
import { validatePath, type CertView } from '../core/validation';
import { certificatesNamedBy, parseCertificates } from './certificates';
import type { VerificationContext } from './context';
import { outcome, type CheckOutcome, type TimestampSummary } from './report';
import { essCertIdV2Mismatch } from './signing-certificate';

/** Time-stamps read per signature; a signature-time-stamp is one token, rarely two. */
const MAX_TIMESTAMPS = 4;

export interface TimestampResult {
  outcome: CheckOutcome;
  timestamp?: TimestampSummary;
  /** The proof of existence of the signature, when a token is valid. */
  poe?: Date;
}

type TokenCheck = { summary?: TimestampSummary; problem?: string; authority?: string };

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && timingSafeEqual(a, b);

function summaryOf(token: TimeStampTokenView, authority?: CertView): TimestampSummary {
  return {
    time: token.tstInfo.genTime.toISOString(),
    authority: authority?.subject.text,
    serialNumber: Buffer.from(token.tstInfo.serialNumber).toString('hex').toUpperCase(),
    policy: token.tstInfo.policy,
    valid: false,
  };
}

/** RFC 3161 2.4.2 and ETSI EN 319 102-1 5.4.4 for one token over `signerInfo`'s signature value. */
function checkToken(
  ctx: VerificationContext,
  signerInfo: SignerInfoView,
  der: Uint8Array,
): TokenCheck {
  let token: TimeStampTokenView;
  try {
    token = parseTimeStampToken(der);
  } catch (error) {
    if (error instanceof FormatError || error instanceof CmsError || error instanceof TspError) {
      return { problem: `it cannot be read (${error.message})` };
    }
    throw error;
  }
  const { tstInfo } = token;
  // ETSI EN 319 122-1 5.3: the imprint is the hash of the signature value.
  if (!tstInfo.hash) {
    return {
      summary: summaryOf(token),
      problem: `it uses the hash ${tstInfo.hashAlgorithm.algorithm}, which Signet does not accept`,
    };
  }
  if (!equalBytes(digest(tstInfo.hash, signerInfo.signature), tstInfo.messageImprint)) {
    return {
      summary: summaryOf(token),
      problem:
        'it was made for another signature value (the signature was changed after it was time-stamped, or the time-stamp was copied from elsewhere)',
    };
  }
  const tsaInfo = token.signedData.signerInfos[0];
  const candidates = [...parseCertificates(token.signedData.certificates), ...ctx.certificates];
  const tsa =
    tsaInfo &&
    certificatesNamedBy(tsaInfo.sid, candidates).find(
      (c) => !tsaInfo.signingCertificateV2 || !essCertIdV2Mismatch(tsaInfo, c),
    );
  if (!tsaInfo || !tsa) {
    return {
      summary: summaryOf(token),
      problem: "the time-stamping authority's certificate is not included",
    };
  }
  const summary = summaryOf(token, tsa);
  // RFC 3161 2.4.2 / RFC 5652 5.3-5.4: signed attributes over the TSTInfo, and the TSA's signature.
  if (
    !tsaInfo.signedAttributesDer ||
    !tsaInfo.messageDigest ||
    !tsaInfo.digestHash ||
    tsaInfo.contentType !== OID_CT_TST_INFO ||
    !equalBytes(digest(tsaInfo.digestHash, token.tstInfoDer), tsaInfo.messageDigest)
  ) {
    return { summary, problem: 'its content does not match what the authority signed' };
  }
  let valid = false;
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
    return { summary, problem: `its signature cannot be verified (${error.message})` };
  }
  if (!valid) return { summary, problem: "the authority's signature on it does not verify" };
  if (tstInfo.genTime > ctx.now) return { summary, problem: 'it is dated in the future' };
  if (tstInfo.genTime < tsa.notBefore || tstInfo.genTime > tsa.notAfter) {
    return { summary, problem: "it is dated outside the validity of the authority's certificate" };
  }
  // The TSA certificate leads to a trust anchor, is certified for time-stamping and is not revoked.
  const path = validatePath({
    target: tsa.der,
    trustAnchors: ctx.trustAnchors,
    untrusted: [...token.signedData.certificates, ...ctx.untrusted],
    crls: ctx.crls.map((c) => c.der),
    time: ctx.now,
    requiredEkus: [OID_KP_TIME_STAMPING],
    requireRevocation: false,
  });
  if (!path.valid) {
    return {
      summary,
      problem: `the time-stamping authority's certificate is not trusted: ${path.reason?.message ?? 'no valid path'}`,
    };
  }
  return { summary: { ...summary, valid: true } };
}

/** ETSI EN 319 102-1 5.4: the signature-time-stamps, and the earliest proof of existence they give. */
export function checkSignatureTimestamp(
  ctx: VerificationContext,
  signerInfo: SignerInfoView,
): TimestampResult {
  const tokens = signerInfo.signatureTimestamps;
  if (tokens.length === 0) {
    return {
      outcome: outcome(
        'signature_timestamp',
        'not_checked',
        "The signature has no time-stamp: nothing but the signer's own claim says when it was made.",
      ),
    };
  }
  const checked = tokens.slice(0, MAX_TIMESTAMPS).map((der) => checkToken(ctx, signerInfo, der));
  const valid = checked
    .filter((c) => c.summary?.valid)
    .sort((a, b) => (a.summary?.time ?? '').localeCompare(b.summary?.time ?? ''))[0];
  if (valid?.summary) {
    return {
      timestamp: valid.summary,
      poe: new Date(valid.summary.time),
      outcome: outcome(
        'signature_timestamp',
        'passed',
        `A time-stamp from ${valid.summary.authority ?? 'a trusted authority'} proves that the signature existed on ${valid.summary.time}.`,
      ),
    };
  }
  const first = checked[0];
  return {
    timestamp: first?.summary,
    outcome: outcome(
      'signature_timestamp',
      'warning',
      `The time-stamp cannot be relied on: ${first?.problem ?? 'it is not valid'}. The signature is judged without it.`,
    ),
  };
}

/**
 * Signet's transparency-log proof as an unsigned attribute of a SignerInfo (RFC 5652 5.3: outside
 * what is signed, so adding it leaves the signature and every other verifier's verdict untouched).
 */
import { OctetString } from '@peculiar/asn1-schema';
import { decodeDer } from '../asn1/decode';
import { SignetTlogProof, TLOG_PROOF_VERSION } from '../asn1/tlog-proof';
import { toDer } from '../encoding';
import { OID_SIGNET_AA_TLOG_PROOF } from '../oid';
import { encodeAttribute } from './attributes';
import { CmsError } from './errors';
import { addUnsignedAttributes } from './unsigned-attributes';

/** What the attribute carries: the entry's salt and the c2sp.org/tlog-proof text. */
export interface EmbeddedTlogProof {
  salt: Uint8Array;
  proof: string;
}

/** The Attribute DER: OID_SIGNET_AA_TLOG_PROOF with one SignetTlogProof value. */
export function tlogProofAttribute(p: EmbeddedTlogProof): Uint8Array {
  const value = new SignetTlogProof({
    version: TLOG_PROOF_VERSION,
    salt: new OctetString(p.salt),
    proof: p.proof,
  });
  return encodeAttribute(OID_SIGNET_AA_TLOG_PROOF, [toDer(value)]);
}

/** The CMS with the proof attribute on its (one) SignerInfo. */
export function addTlogProof(cmsDer: Uint8Array, p: EmbeddedTlogProof): Promise<Uint8Array> {
  return addUnsignedAttributes(cmsDer, async (signerInfo) => {
    if (signerInfo.tlogProofs.length > 0) {
      throw new CmsError('INVALID_ATTRIBUTE', 'The SignerInfo already carries a log proof.');
    }
    return [tlogProofAttribute(p)];
  });
}

/** Reads one attribute value; a value of another version or shape is INVALID_ATTRIBUTE. */
export function readTlogProof(valueDer: Uint8Array): EmbeddedTlogProof {
  let value: SignetTlogProof;
  try {
    value = decodeDer(valueDer, SignetTlogProof, 'SignetTlogProof');
  } catch (cause) {
    throw new CmsError('INVALID_ATTRIBUTE', 'The log proof attribute is malformed.', { cause });
  }
  if (value.version !== TLOG_PROOF_VERSION) {
    throw new CmsError('INVALID_ATTRIBUTE', `Log proof version ${value.version} is unknown.`);
  }
  return { salt: new Uint8Array(value.salt.buffer), proof: value.proof };
}

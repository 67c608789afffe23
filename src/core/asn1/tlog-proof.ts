/**
 * The value of Signet's transparency-log proof attribute (OID_SIGNET_AA_TLOG_PROOF, issue 21):
 *
 *   SignetTlogProof ::= SEQUENCE {
 *     version  INTEGER (1),
 *     salt     OCTET STRING (SIZE (32)),  -- hides the entry's commitments (core/tlog/entry.ts)
 *     proof    UTF8String                 -- a c2sp.org/tlog-proof: leaf index, audit path and
 *   }                                     -- the signed checkpoint note it proves against
 *
 * The proof is the C2SP text verbatim, so that any tlog-proof tool can check it once the leaf is
 * recomputed from the signature and the salt.
 */
import { AsnProp, AsnPropTypes, OctetString } from '@peculiar/asn1-schema';

export const TLOG_PROOF_VERSION = 1;

export class SignetTlogProof {
  @AsnProp({ type: AsnPropTypes.Integer })
  version = TLOG_PROOF_VERSION;

  @AsnProp({ type: OctetString })
  salt = new OctetString();

  @AsnProp({ type: AsnPropTypes.Utf8String })
  proof = '';

  constructor(params: Partial<SignetTlogProof> = {}) {
    Object.assign(this, params);
  }
}

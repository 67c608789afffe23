/**
 * The reasons a verification report gives (issue 13, "Report as data"): one id per distinct
 * sentence the verifier can say, each with the kinds of its parameters. A reason is data,
 * `{id, params}`: the API, the CLI and the page render it in the reader's language from the
 * catalogues (en.ts, zh-CN.ts). Parameters are data too, never pre-formatted for one language:
 * times are ISO 8601 UTC, counts are numbers, names are as the certificates give them, and a
 * clause that differs by case is a nested reason.
 *
 * Pure TypeScript without node imports: the citizen page bundles it.
 */

/** What a parameter holds, so that a reader (the page) can format it. */
export interface ParamKinds {
  /** A name, a subject, an identifier, or a technical detail from a lower layer (English). */
  text: string;
  /** An instant, ISO 8601 UTC. */
  time: string;
  count: number;
  /** A nested clause. */
  reason: Reason;
  /** Clauses read as a list ("a, b, c"). */
  list: readonly Reason[];
  /** Names read as a list. */
  texts: readonly string[];
  /** Whole sentences, one after the other. */
  sentences: readonly Reason[];
  /** Sentences that end the one before, each after a sentence break; often none. */
  tail: readonly Reason[];
}

export type ParamKind = keyof ParamKinds;

const none = {} as const;
const signer = { signer: 'text' } as const;
const detail = { detail: 'text' } as const;
const path = { path: 'reason' } as const;
/** A revocation: which certificate, when, why (RFC 5280 5.3.1 name) and by what evidence. */
const revoked = {
  certificate: 'reason',
  revoked: 'time',
  cause: 'text',
  source: 'reason',
} as const;
const registered = { code: 'text', department: 'text', signedAt: 'time' } as const;

/** Every reason id with the kinds of its parameters. */
export const REASON_PARAMS = {
  // ETSI EN 319 102-1 5.2.2, format checking (format.ts, pdf-checks.ts, pdf.ts).
  'format.content_type_missing': none,
  'format.message_digest_missing': none,
  'format.content_type_mismatch': none,
  'format.cms': { notes: 'tail' },
  'format.cms_without_signed_attributes': { notes: 'tail' },
  'format.cades': { format: 'text', notes: 'tail' },
  'format.contains_document': none,
  'format.pades': { format: 'text', field: 'text' },
  'format.pdf_cms': { field: 'text', why: 'reason' },
  'pades.subfilter': { subFilter: 'text' },
  'pades.subfilter_missing': none,
  'pades.signing_time_attribute': none,
  'pades.no_signing_certificate_v2': none,
  'format.unreadable': { why: 'reason' },
  'format.unreadable_part': detail,
  'format.unsupported_subfilter': { subFilter: 'text', supported: 'texts' },
  'format.missing_subfilter': { supported: 'texts' },

  // ISO 32000-1 12.8.1, the signed byte range; 12.8.2.2, changes after signing (pdf-checks.ts).
  'byte_range.whole_revision': { bytes: 'count' },
  'byte_range.wrong': detail,
  'changes.none': none,
  'changes.allowed': { kinds: 'list' },
  'change.signature': none,
  'change.signature_field': none,
  'change.dss': none,
  'change.structure': none,
  'change.other': { kind: 'text' },
  'changes.refused': { detail: 'text', bytes: 'count' },
  'changes.refused_more': { detail: 'text', more: 'count', bytes: 'count' },
  // ISO 32000-1 7.5.5, bytes after the last revision's %%EOF (pdf-checks.ts withTrailingData).
  'trailing_data.after_eof': { bytes: 'count' },

  // ETSI EN 319 102-1 5.2.3, the signing certificate (signing-certificate.ts).
  'signing_certificate.missing': none,
  'signing_certificate.unconfirmed': { problem: 'reason', notes: 'tail' },
  'signing_certificate.bound': { signer: 'text', notes: 'tail' },
  'signing_certificate.sha1_only': { signer: 'text', notes: 'tail' },
  'signing_certificate.unbound': { signer: 'text', notes: 'tail' },
  'signing_certificate.from_register': none,
  'ess.no_certificate': none,
  'ess.unaccepted_hash': { algorithm: 'text' },
  'ess.other_certificate': none,
  'ess.issuer_serial_mismatch': none,

  // ETSI EN 319 102-1 5.2.7, cryptographic verification (cryptographic.ts).
  'document.missing': none,
  'message_digest.no_signed_attributes': none,
  'message_digest.unaccepted_hash': { algorithm: 'text' },
  'message_digest.other_hash': { hash: 'text' },
  'message_digest.mismatch': none,
  'message_digest.match': none,
  'signature_value.unsupported_algorithm': { algorithm: 'text' },
  'signature_value.unreliable_key': detail,
  'signature_value.unreadable_key': none,
  'signature_value.hash_mismatch': none,
  'signature_value.no_certificate': none,
  'signature_value.other_hash': { hash: 'text' },
  'signature_value.document_mismatch': signer,
  'signature_value.document_signed': signer,
  'signature_value.mismatch': signer,
  'signature_value.valid': signer,

  // ETSI EN 319 102-1 5.4, time-stamps (timestamp.ts, document-timestamp.ts).
  'timestamp.none': none,
  'timestamp.valid': { authority: 'text', time: 'time' },
  'timestamp.unreliable': { problem: 'reason' },
  'archive_timestamp.valid': { count: 'count', authority: 'text', time: 'time' },
  'archive_timestamp.unreliable': { problem: 'reason' },
  'tst.unreadable': detail,
  'tst.unaccepted_hash': { algorithm: 'text' },
  'tst.uncovered': none,
  'tst.other_signature': none,
  'tst.other_document': none,
  'tst.no_authority_certificate': none,
  'tst.content_mismatch': none,
  'tst.unverifiable': detail,
  'tst.bad_signature': none,
  'tst.future': none,
  'tst.outside_validity': none,
  'tst.untrusted': path,
  'tst.invalid': none,
  'tst.too_many_certificates': { count: 'count', max: 'count' },
  'tst.budget_exhausted': none,
  'tst.other_archive': none,
  'tst.no_hash_index': none,
  'tst.covered_data_removed': { count: 'count' },
  'document_timestamp.format': { field: 'text' },
  'document_timestamp.message_digest': { bytes: 'count' },
  'document_timestamp.signature_value': { authority: 'text' },
  'document_timestamp.certificate_chain': { authority: 'text', root: 'text', time: 'time' },
  'document_timestamp.unreliable': { problem: 'reason' },
  'document_timestamp.skipped': none,

  // ETSI EN 319 102-1 5.2.8, the signing-time the signer claims (signing-time.ts).
  'signing_time.not_yet_valid': { claimed: 'time', notBefore: 'time' },
  'signing_time.expired': { claimed: 'time', notAfter: 'time' },
  'signing_time.after_timestamp': { claimed: 'time', time: 'time' },
  'signing_time.while_valid_before_timestamp': { claimed: 'time' },
  'signing_time.while_valid': { claimed: 'time' },
  'signing_time.before_timestamp': { claimed: 'time' },
  'signing_time.uncompared': { claimed: 'time' },

  // ETSI EN 319 102-1 5.2.6 with 5.6.2.4, the certificate chain (certificate-validation.ts).
  'chain.no_certificate': none,
  'chain.key_usage': signer,
  'chain.valid_now': { signer: 'text', root: 'text' },
  'chain.valid_at_timestamp': { signer: 'text', root: 'text', time: 'time', notes: 'tail' },
  'chain.expired_since': { expiry: 'time' },
  'chain.expired_at_timestamp': { time: 'time', path: 'reason' },
  'chain.expired': { path: 'reason', notes: 'tail' },
  'chain.claimed_while_valid': { claimed: 'time' },
  'chain.claimed': { claimed: 'time' },
  'chain.not_yet_valid_at_timestamp': { time: 'time', path: 'reason' },
  'chain.not_yet_valid': path,
  'chain.untrusted': { signer: 'text', path: 'reason' },
  'chain.constraints': { signer: 'text', path: 'reason' },
  'chain.invalid': { signer: 'text', path: 'reason' },
  // RFC 5280 section 6 failures (core/validation PathErrorCode), with core's English detail.
  'path.malformed': detail,
  'path.unsupported_algorithm': detail,
  'path.no_path': detail,
  'path.limit_exceeded': detail,
  'path.bad_signature': detail,
  'path.weak_key': detail,
  'path.expired': detail,
  'path.not_yet_valid': detail,
  'path.name_chaining': detail,
  'path.invalid_certificate': detail,
  'path.basic_constraints': detail,
  'path.path_length': detail,
  'path.key_usage': detail,
  'path.eku': detail,
  'path.name_constraints': detail,
  'path.policy': detail,
  'path.unknown_critical_extension': detail,
  'path.revoked': detail,
  'path.no_revocation_info': detail,
  'path.stale_revocation_info': detail,

  // ETSI EN 319 102-1 5.2.6 revocation with 5.6.2.4 (certificate-validation.ts, CRLs, OCSP).
  'revocation.no_chain': none,
  'certificate.signer': { name: 'text' },
  'certificate.authority': { subject: 'text' },
  'source.crl': { issuer: 'text', issued: 'time' },
  'source.ocsp': { responder: 'text', produced: 'time' },
  'source.ocsp_unchecked_responder': { responder: 'text', produced: 'time' },
  'source.outweighed': { source: 'reason', other: 'reason' },
  'revocation.revoked_after_timestamp': { ...revoked, time: 'time' },
  'revocation.revoked_ca_no_poe': revoked,
  'revocation.revoked_before_timestamp': { ...revoked, signed: 'time' },
  'revocation.revoked_before_claimed_time': { ...revoked, signed: 'time' },
  'revocation.revoked_claimed_before': { ...revoked, claimed: 'time' },
  'revocation.revoked_no_time': revoked,
  'revocation.unknown': { signer: 'text', why: 'sentences' },
  'revocation.not_revoked': { signer: 'text', source: 'reason' },
  'revocation.not_revoked_at_timestamp': { signer: 'text', source: 'reason' },
  'revocation.several': { notes: 'sentences' },

  // Issue 21, the proof of logging a signature carries (transparency-log.ts).
  'tlog.included': { origin: 'text', index: 'text', size: 'text', loggedBefore: 'time' },
  'tlog.no_proof': none,
  'tlog.unknown_log': { origin: 'text' },
  'tlog.not_recomputable': none,
  'tlog.invalid': detail,
  'crl.none': { issuer: 'text' },
  'crl.stale': { issuer: 'text', issued: 'time' },
  'ocsp.none': { issuer: 'text', refused: 'tail' },
  'ocsp.unmatchable': detail,
  'ocsp.refused': detail,
  'ocsp.answers_unknown': none,
  'ocsp.stale': { issued: 'time' },
  'ocsp.stale_next_update': { issued: 'time', next: 'time' },

  // The work budget of one verification request (issue 14; core/validation/budget.ts).
  'budget.exhausted': none,

  // ETSI EN 319 102-1 5.2.8 with Signet's register (acceptance.ts).
  'document_status.unregistered': none,
  'document_status.changed': none,
  'document_status.valid': registered,
  'document_status.rescinded': { ...registered, changedAt: 'time', why: 'text' },
  'document_status.superseded': {
    ...registered,
    changedAt: 'time',
    replacement: 'text',
    why: 'text',
  },

  // The report's summary (conclusion.ts, verify.ts).
  'summary.none': none,
  'summary.document_timestamp_only': { timestamps: 'tail' },
  'summary.document_timestamps': { times: 'texts' },
  'summary.all_valid': { count: 'count', signers: 'texts', timestamps: 'tail' },
  'summary.valid_with_later': { signers: 'texts', timestamps: 'tail' },
  'summary.valid': { signer: 'text', when: 'tail' },
  'summary.timestamped': { time: 'time' },
  'summary.claimed': { time: 'time' },
  'summary.signer_claimed': signer,
  'summary.not_valid': { subject: 'reason', why: 'tail' },
  'summary.unconfirmed': { subject: 'reason', why: 'tail' },
  'subject.signature': none,
  'subject.signature_of': { index: 'count', count: 'count' },
  'subject.document_timestamp': none,
  'subject.document_timestamp_of': { index: 'count', count: 'count' },
  'summary.unreadable': { why: 'reason' },
  'summary.pdf_unsigned': none,
  'unreadable.detail': detail,
  'unreadable.no_signer_info': none,
  'unreadable.too_many_signatures': { count: 'count', max: 'count' },
  'unreadable.too_many_certificates': { count: 'count', max: 'count' },
  'unreadable.pdf': detail,
  'unreadable.pdf_no_signature': none,
  'unreadable.pdf_too_many_signatures': { count: 'count', max: 'count' },
  'summary.registry_only': { status: 'reason' },
  'summary.not_registered': none,

  // What a registered document's certificate status means (documents/registry-verdict.ts, the page's too).
  'registry.valid': none,
  'registry.signed_before_revocation': { proven: 'time', revoked: 'time', cause: 'text' },
  'registry.revoked_before_signing': { revoked: 'time', cause: 'text', proven: 'time' },
  'registry.revoked_without_proof': { revoked: 'time', cause: 'text' },
  'registry.signed_before_expiry': { expiry: 'time', proven: 'time' },
  'registry.expired_without_proof': { expiry: 'time' },
  'registry.rescinded': none,
  'registry.superseded': none,
  'registry.certificate_unknown': none,

  // PRC Electronic Signature Law Art. 13, condition by condition (law.ts).
  'law.condition_1': none,
  'law.condition_2': none,
  'law.condition_3': none,
  'law.condition_4': none,
  'law.note': none,
  'law.no_signature': none,
  'law.no_signer': none,
  'law.signer_unbound': none,
  'law.key_not_registered': none,
  'law.key_shared': { department: 'text', others: 'texts' },
  'law.key_unique': { department: 'text' },
  'law.control_hsm': { department: 'text' },
  'law.control_department': { department: 'text' },
  'law.control_file_vault': { department: 'text' },
  'law.control_unrecorded': { department: 'text' },
  'law.signature_changed': none,
  'law.signature_certificate_swapped': none,
  'law.signature_protected': none,
  'law.signature_protected_timestamped': { time: 'time' },
  'law.signature_unchecked': none,
  'law.content_changed': none,
  'law.range_incomplete': none,
  'law.pdf_changed_after': none,
  'law.content_protected': none,
  'law.content_protected_pdf': none,
  'law.content_unchecked': none,

  // What a verdict means for a citizen: the page's banner, and the sub-indication's sentence of
  // the API (subIndicationMessage) and the CLI (ETSI EN 319 102-1 table 5, in plain words).
  'verdict_text.authentic': none,
  'verdict_text.failed': none,
  'verdict_text.unknown': none,
  'verdict_text.rescinded': none,
  'verdict_text.superseded': none,
  'verdict_text.pdf_changed': none,
  'verdict_text.matches_registry': none,
  'verdict_text.differs_registry': none,
  'coverage.whole': none,
  'coverage.validation_data': none,
  'coverage.changed': { end: 'count', size: 'count' },
  'sub_indication.FORMAT_FAILURE': none,
  'sub_indication.HASH_FAILURE': none,
  'sub_indication.SIG_CRYPTO_FAILURE': none,
  'sub_indication.REVOKED': none,
  'sub_indication.NOT_YET_VALID': none,
  'sub_indication.EXPIRED': none,
  'sub_indication.SIG_CONSTRAINTS_FAILURE': none,
  'sub_indication.CHAIN_CONSTRAINTS_FAILURE': none,
  'sub_indication.CERTIFICATE_CHAIN_GENERAL_FAILURE': none,
  'sub_indication.CRYPTO_CONSTRAINTS_FAILURE': none,
  'sub_indication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE': none,
  'sub_indication.NO_SIGNING_CERTIFICATE_FOUND': none,
  'sub_indication.NO_CERTIFICATE_CHAIN_FOUND': none,
  'sub_indication.REVOKED_NO_POE': none,
  'sub_indication.REVOKED_CA_NO_POE': none,
  'sub_indication.OUT_OF_BOUNDS_NO_POE': none,
  'sub_indication.TRY_LATER': none,
  'sub_indication.SIGNED_DATA_NOT_FOUND': none,
} as const satisfies Record<string, Readonly<Record<string, ParamKind>>>;

export type ReasonId = keyof typeof REASON_PARAMS;

/** The parameters of reason `Id`, typed by their kinds. */
export type ParamsOf<Id extends ReasonId> = {
  -readonly [
    Name in keyof (typeof REASON_PARAMS)[Id]
  ]: ParamKinds[(typeof REASON_PARAMS)[Id][Name] & ParamKind];
};

/** Why a check came out as it did: an id and its parameters (issue 13). */
export type Reason = { [Id in ReasonId]: { id: Id; params: ParamsOf<Id> } }[ReasonId];

/** A reason; the parameters are left out for a reason that has none. */
export function reason<Id extends ReasonId>(
  id: Id,
  ...params: keyof ParamsOf<Id> extends never ? [] : [ParamsOf<Id>]
): Reason {
  return { id, params: params[0] ?? {} } as Reason;
}

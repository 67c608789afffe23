/** The English catalogue: the report's sentences as Signet has always written them. */
import { templates, type Catalogue } from './catalogue';

const CANNOT_GUESS = 'Signet does not guess whether such a signature holds.';

export const en: Catalogue = {
  language: 'en',
  listSeparator: ', ',
  sentenceSeparator: ' ',
  checks: {
    format: 'Signature format',
    byte_range: 'Signed part of the PDF',
    signing_certificate: "Signer's certificate",
    message_digest: 'Document integrity',
    signature_value: 'Signature value',
    signature_timestamp: 'Time-stamp',
    archive_timestamp: 'Archive time-stamp',
    signing_time: 'Claimed signing time',
    certificate_chain: 'Certificate chain',
    revocation: 'Revocation status',
    transparency_log: 'Transparency log',
    changes_after: 'Changes after signing',
    trailing_data: 'Data after the end of the PDF',
    document_status: 'Document status',
    work_budget: 'Verification work limit',
  },
  reasons: templates({
    'format.content_type_missing':
      'The signature is not well-formed: its content-type attribute is missing.',
    'format.message_digest_missing':
      'The signature is not well-formed: its message-digest attribute is missing.',
    'format.content_type_mismatch':
      'The signature is not well-formed: its content-type attribute does not match the signed content.',
    'format.cms': 'The signature is a CMS signature (RFC 5652), not a CAdES one.{notes}',
    'format.cms_without_signed_attributes':
      'The signature is a CMS signature (RFC 5652) without signed attributes, not a CAdES one.{notes}',
    'format.cades': 'The signature is a {format} signature (ETSI EN 319 122-1).{notes}',
    'format.contains_document': 'It contains the signed document.',
    'format.pades':
      'The signature is a {format} signature (ETSI EN 319 142-1) in the PDF signature field "{field}".',
    'format.pdf_cms':
      'The signature is a CMS signature (ISO 32000-1 12.8.3.3) in the PDF signature field "{field}", not a PAdES baseline one: {why}.',
    'pades.subfilter': 'its SubFilter is {subFilter}',
    'pades.subfilter_missing': 'its SubFilter is missing',
    'pades.signing_time_attribute':
      'it has a signing-time attribute, which PAdES leaves out (the time is /M)',
    'pades.no_signing_certificate_v2': 'it has no signing-certificate-v2 attribute',
    'format.unreadable': 'The signature cannot be read: {why}',
    'format.unreadable_part': 'Part of the signature cannot be read: {detail}',
    'format.unsupported_subfilter':
      'Its SubFilter {subFilter} is not one Signet verifies ({supported}).',
    'format.missing_subfilter': 'It has no SubFilter, so Signet cannot verify it ({supported}).',

    'byte_range.whole_revision':
      'The signature covers the whole file as it was when signed (its first {bytes} bytes), except the place of the signature value itself.',
    'byte_range.wrong':
      'The part of the file the signature covers is not the one a PDF signature must cover: {detail} What is shown may not be what was signed.',
    'changes.none': 'Nothing in the PDF was changed after this signature.',
    'changes.allowed':
      'After this signature the PDF only gained {kinds}, which a signed PDF may gain (ISO 32000-1 12.8.2.2, ETSI EN 319 142-1 5.4).',
    'change.signature': 'later signatures',
    'change.signature_field': 'signature fields and their appearance',
    'change.dss': 'validation data (a Document Security Store)',
    'change.structure': 'cross-reference data',
    'change.other': '{kind}',
    'changes.refused':
      'The PDF was changed after this signature in ways a signed PDF must not be: {detail} The signature holds for the document as it was signed (its first {bytes} bytes), not for what is shown now.',
    'changes.refused_more':
      'The PDF was changed after this signature in ways a signed PDF must not be: {detail} (and {more} more changes) The signature holds for the document as it was signed (its first {bytes} bytes), not for what is shown now.',
    'trailing_data.after_eof':
      'The file has {bytes} bytes after the end of its last revision (after %%EOF); no signature covers them, and PDF readers do not show them.',

    'signing_certificate.missing':
      "The signature does not include its signer's certificate, so Signet cannot tell who signed it.",
    'signing_certificate.unconfirmed':
      "The signer's certificate cannot be confirmed: {problem}.{notes}",
    'signing_certificate.bound':
      'The signature names the certificate of {signer} and is bound to it (signing-certificate-v2).{notes}',
    'signing_certificate.sha1_only':
      'The certificate of {signer} was found by its issuer and serial number; the signature binds it only with the older SHA-1 signing-certificate attribute, which Signet does not rely on.{notes}',
    'signing_certificate.unbound':
      'The certificate of {signer} was found by its issuer and serial number; the signature does not bind it with a signing-certificate attribute, as CAdES signatures do.{notes}',
    'signing_certificate.from_register':
      "The signature does not include its signer's certificate: it was taken from Signet's register of the certificates it issued.",
    'ess.no_certificate': 'its signing-certificate-v2 attribute names no certificate',
    'ess.unaccepted_hash':
      'its signing-certificate-v2 attribute uses the hash {algorithm}, which Signet does not accept',
    'ess.other_certificate':
      'the certificate it carries is not the one its signing-certificate-v2 attribute names',
    'ess.issuer_serial_mismatch':
      'the issuer and serial number in its signing-certificate-v2 attribute are not those of its certificate',

    'document.missing':
      'The signature does not contain the document and the document was not given, so Signet cannot tell whether it is the signed one.',
    'message_digest.no_signed_attributes':
      'The signature has no signed attributes: its signature value covers the document directly (see the signature value check).',
    'message_digest.unaccepted_hash':
      'The signature hashes the document with the algorithm {algorithm}, which Signet does not accept (only SHA-256, SHA-384 and SHA-512); it does not guess whether the signature holds.',
    'message_digest.other_hash':
      "The signature uses {hash}, but the document's digest was given with another algorithm; send the document itself or its {hash} digest.",
    'message_digest.mismatch':
      'The document is not the one that was signed: it has been changed since, or it is another document.',
    'message_digest.match': 'The document is exactly the one that was signed.',
    'signature_value.unsupported_algorithm': `The signature was made with the algorithm {algorithm}, which Signet cannot verify; ${CANNOT_GUESS}`,
    'signature_value.unreliable_key': `The signer's certificate cannot be relied on because {detail}; ${CANNOT_GUESS}`,
    'signature_value.unreadable_key': `The signer's certificate holds a public key that cannot be read; ${CANNOT_GUESS}`,
    'signature_value.hash_mismatch': `The signature names one hash for the document and another for its signature value; ${CANNOT_GUESS}`,
    'signature_value.no_certificate':
      "Without the signer's certificate the signature value cannot be checked.",
    'signature_value.other_hash':
      "The signature uses {hash}, but the document's digest was given with another algorithm; send the document itself.",
    'signature_value.document_mismatch':
      'The signature does not match this document and the key of {signer}: the document or the signature has been changed.',
    'signature_value.document_signed': 'The document was signed with the private key of {signer}.',
    'signature_value.mismatch':
      'The signature value does not verify with the key of {signer}: the signature has been altered, or was not made with this certificate.',
    'signature_value.valid': 'The signature was made with the private key of {signer}.',

    'timestamp.none':
      "The signature has no time-stamp: nothing but the signer's own claim says when it was made.",
    'timestamp.valid': 'A time-stamp from {authority} proves that the signature existed on {time}.',
    'timestamp.unreliable':
      'The time-stamp cannot be relied on: {problem}. The signature is judged without it.',
    'archive_timestamp.valid':
      'The signature carries {count} archive time-stamp(s); the earliest that holds, from {authority}, proves that the signature, its time-stamp and its validation data existed on {time}, and they are judged at that time.',
    'archive_timestamp.unreliable':
      'No archive time-stamp can be relied on: {problem}. The signature is judged without them.',
    'tst.unreadable': 'it cannot be read ({detail})',
    'tst.unaccepted_hash': 'it uses the hash {algorithm}, which Signet does not accept',
    'tst.uncovered': 'what it covers cannot be read',
    'tst.other_signature':
      'it was made for another signature value (the signature was changed after it was time-stamped, or the time-stamp was copied from elsewhere)',
    'tst.other_document':
      'the PDF is not the one that was time-stamped (what the time-stamp covers was changed since, or the time-stamp was made for another document)',
    'tst.no_authority_certificate': "the time-stamping authority's certificate is not included",
    'tst.content_mismatch': 'its content does not match what the authority signed',
    'tst.unverifiable': 'its signature cannot be verified ({detail})',
    'tst.bad_signature': "the authority's signature on it does not verify",
    'tst.future': 'it is dated in the future',
    'tst.outside_validity': "it is dated outside the validity of the authority's certificate",
    'tst.untrusted': "the time-stamping authority's certificate is not trusted: {path}",
    'tst.invalid': 'it is not valid',
    'tst.too_many_certificates':
      'it carries {count} certificates, more than the {max} Signet reads with a signature',
    'tst.other_archive':
      'its message imprint is not the hash of this signature and of the data its hash index names',
    'tst.no_hash_index': 'it carries no readable ats-hash-index-v3',
    'tst.covered_data_removed':
      '{count} of the certificates, revocation data or attributes it covered are no longer in the signature',
    'tst.budget_exhausted':
      'it was not checked, because the verification had used up the work one request may take',
    'document_timestamp.format':
      'The signature field "{field}" holds a document time-stamp (ETSI EN 319 142-1 5.4.3): an RFC 3161 time-stamp token over the PDF, not a signature of a person or department.',
    'document_timestamp.message_digest':
      'The PDF as it was when time-stamped (its first {bytes} bytes) is exactly the one the time-stamp covers.',
    'document_timestamp.signature_value':
      'The time-stamp token is signed by {authority}, and the signature verifies.',
    'document_timestamp.certificate_chain':
      'The certificate of {authority} leads to the trusted root "{root}" and is certified for time-stamping (RFC 3161 2.3), so the PDF as it was then existed on {time}.',
    'document_timestamp.unreliable': 'The document time-stamp cannot be relied on: {problem}.',
    'document_timestamp.skipped': 'Not checked: an earlier check of the time-stamp failed.',

    'signing_time.not_yet_valid':
      'The signer claims to have signed on {claimed}, before its certificate was valid (from {notBefore}).',
    'signing_time.expired':
      'The signer claims to have signed on {claimed}, after its certificate had expired (on {notAfter}).',
    'signing_time.after_timestamp':
      "The signer claims to have signed on {claimed}, after the time-stamp proves the signature already existed ({time}): the claimed time is wrong, and only the time-stamp's time counts.",
    'signing_time.while_valid_before_timestamp':
      'The signer claims to have signed on {claimed}, while its certificate was valid, and before the time-stamp.',
    'signing_time.while_valid':
      'The signer claims to have signed on {claimed}, while its certificate was valid. No time-stamp proves it.',
    'signing_time.before_timestamp':
      'The signer claims to have signed on {claimed}, before the time-stamp.',
    'signing_time.uncompared':
      'The signer claims to have signed on {claimed}; without its certificate or a time-stamp, nothing can be compared with it.',

    'chain.no_certificate': "Without the signer's certificate there is no chain to check.",
    'chain.key_usage':
      'The certificate of {signer} is not meant for signing (its key usage does not allow it).',
    'chain.valid_now':
      'The certificate of {signer} leads to the trusted root "{root}" and was valid now.',
    'chain.valid_at_timestamp':
      'The certificate of {signer} leads to the trusted root "{root}" and was valid when the signature was time-stamped ({time}).{notes}',
    'chain.expired_since':
      'It has expired since ({expiry}), which does not matter: the time-stamp proves the signature was made while it was valid.',
    'chain.expired_at_timestamp':
      'A certificate of the chain had already expired when the signature was time-stamped ({time}): {path}',
    'chain.expired': 'The certificate has expired: {path}{notes}',
    'chain.claimed_while_valid':
      'The signer claims to have signed on {claimed}, when the certificate was valid, but no time-stamp proves it.',
    'chain.claimed': 'The signer claims to have signed on {claimed} but no time-stamp proves it.',
    'chain.not_yet_valid_at_timestamp':
      'The certificate was not yet valid when the signature was time-stamped ({time}): {path}',
    'chain.not_yet_valid':
      'The certificate was not yet valid when the signature was checked: {path}',
    'chain.untrusted':
      'The signer claims to be {signer}, but its certificate does not lead to a root that Signet trusts, so Signet cannot confirm who signed: {path}',
    'chain.constraints': 'The certificate of {signer} may not be used for this signature: {path}',
    'chain.invalid': 'The certificate of {signer} cannot be validated: {path}',
    'path.malformed': '{detail}',
    'path.unsupported_algorithm': '{detail}',
    'path.no_path': '{detail}',
    'path.limit_exceeded': '{detail}',
    'path.bad_signature': '{detail}',
    'path.weak_key': '{detail}',
    'path.expired': '{detail}',
    'path.not_yet_valid': '{detail}',
    'path.name_chaining': '{detail}',
    'path.invalid_certificate': '{detail}',
    'path.basic_constraints': '{detail}',
    'path.path_length': '{detail}',
    'path.key_usage': '{detail}',
    'path.eku': '{detail}',
    'path.name_constraints': '{detail}',
    'path.policy': '{detail}',
    'path.unknown_critical_extension': '{detail}',
    'path.revoked': '{detail}',
    'path.no_revocation_info': '{detail}',
    'path.stale_revocation_info': '{detail}',

    'revocation.no_chain':
      'Without a certificate chain to a trusted root, revocation cannot be checked.',
    'certificate.signer': 'The certificate of {name}',
    'certificate.authority': 'The certificate of the authority "{subject}"',
    'source.crl': 'the CRL of "{issuer}" issued on {issued}',
    'source.ocsp': 'an OCSP response from "{responder}" produced at {produced}',
    'source.ocsp_unchecked_responder':
      'an OCSP response from "{responder}" produced at {produced} (its responder certificate has no id-pkix-ocsp-nocheck and no CRL shows its status: as for a CA certificate without a CRL, its own revocation was not checked)',
    'source.outweighed': '{source} ({other} shows it not revoked, but a revocation outweighs it)',
    'revocation.revoked_after_timestamp':
      '{certificate} was revoked on {revoked} ({cause}), according to {source}, after the time-stamp proved the signature existed ({time}): the signature keeps its value.',
    'revocation.revoked_ca_no_poe':
      '{certificate} was revoked on {revoked} ({cause}), according to {source}, and nothing proves the signature was made before.',
    'revocation.revoked_before_timestamp':
      '{certificate} was revoked on {revoked} ({cause}), according to {source}, before this signature was made (time-stamped on {signed}).',
    'revocation.revoked_before_claimed_time':
      '{certificate} was revoked on {revoked} ({cause}), according to {source}, before this signature was made (signed, by its own account, on {signed}).',
    'revocation.revoked_claimed_before':
      '{certificate} was revoked on {revoked} ({cause}), according to {source}. The signature claims to be from {claimed}, before that, but no time-stamp proves it.',
    'revocation.revoked_no_time':
      '{certificate} was revoked on {revoked} ({cause}), according to {source}. Nothing shows when the signature was made.',
    'revocation.unknown':
      'Signet cannot tell whether the certificate of {signer} was revoked: {why} Try again later.',
    'revocation.not_revoked': 'The certificate of {signer} was not revoked, according to {source}.',
    'revocation.not_revoked_at_timestamp':
      'The certificate of {signer} was not revoked when the signature was time-stamped, according to {source}.',
    'revocation.several': '{notes}',
    'tlog.included':
      "The signature is entry {index} of the transparency log {origin}, proven against the log's signed checkpoint of {size} entries: it was logged before {loggedBefore} (its claimed time plus the log's maximum merge delay).",
    'tlog.no_proof': 'The signature carries no proof that it was appended to a transparency log.',
    'tlog.unknown_log':
      'The signature carries a proof from the transparency log {origin}, whose key is not trusted here, so it was not checked.',
    'tlog.not_recomputable':
      "The log entry cannot be recomputed: the signer's certificate, the message digest or the signing time is missing.",
    'tlog.invalid': 'The proof of logging that the signature carries does not hold: {detail}',
    'crl.none': 'No CRL of "{issuer}" that covers this certificate is available.',
    'crl.stale':
      'The newest CRL of "{issuer}" was issued on {issued} and is no longer current, so it cannot say whether the certificate was revoked since.',
    'ocsp.none': 'No accepted OCSP response of "{issuer}" answers for this certificate.{refused}',
    'ocsp.unmatchable': 'OCSP responses cannot be matched to its issuer: {detail}',
    'ocsp.refused': 'An OCSP response about it was not accepted: {detail}.',
    'ocsp.answers_unknown': 'The OCSP responses about it answer "unknown".',
    'ocsp.stale':
      'The newest OCSP response about it was issued on {issued} and is no longer current, so it cannot say whether the certificate was revoked since.',
    'ocsp.stale_next_update':
      'The newest OCSP response about it was issued on {issued} with its next update due {next} and is no longer current, so it cannot say whether the certificate was revoked since.',

    'budget.exhausted':
      'Signet stopped before finishing this signature: the verification used up the work one request may take, a bound that keeps any input from tying up the service. Verify fewer signatures at a time, or signatures that carry fewer certificates.',
    'document_status.unregistered':
      "Signet's register lists no document with this content signed with this certificate (Signet's signing service did not make this signature), so whether its signer has withdrawn the document cannot be checked.",
    'document_status.changed':
      "The document does not match what was signed, so its status in Signet's register cannot be looked up.",
    'document_status.valid':
      "Signet's register lists this document (verification code {code}) as signed by {department} on {signedAt}, and the department has not withdrawn it.",
    'document_status.rescinded':
      "This document was rescinded on {changedAt} by {department} (reason given: {why}): the signature is genuine, but the document no longer has effect. Signet's register lists this document (verification code {code}) as signed by {department} on {signedAt}.",
    'document_status.superseded':
      "This document was replaced on {changedAt} by {department} with the document of verification code {replacement} (reason given: {why}): the signature is genuine, but the document no longer has effect. Signet's register lists this document (verification code {code}) as signed by {department} on {signedAt}.",

    'summary.none': 'No signature was verified.',
    'summary.document_timestamp_only':
      'The document time-stamp is valid, but it does not say who issued the document.{timestamps}',
    'summary.document_timestamps':
      'A document time-stamp proves that the document existed on {times} (in the revision each covers).',
    'summary.all_valid':
      'All {count} signatures are valid: {signers} signed this document, and it has not been changed since, except by the later signatures, time-stamps and their validation data.{timestamps}',
    'summary.valid_with_later':
      'The signature is valid: {signers} signed this document, and it has not been changed since, except by the later signatures, time-stamps and their validation data.{timestamps}',
    'summary.valid':
      'The signature is valid: {signer} signed this document, and it has not been changed since.{when}',
    'summary.timestamped': 'A time-stamp proves it was signed on {time}.',
    'summary.claimed': 'It claims to have been signed on {time}; no time-stamp proves it.',
    'summary.signer_claimed': 'The signer claims to be {signer}; nothing confirms it.',
    'summary.not_valid': 'The {subject} is not valid.{why}',
    'summary.unconfirmed': 'The {subject} cannot be confirmed.{why}',
    'subject.signature': 'signature',
    'subject.signature_of': 'signature (signature {index} of {count})',
    'subject.document_timestamp': 'document time-stamp',
    'subject.document_timestamp_of': 'document time-stamp (signature {index} of {count})',
    'summary.unreadable': 'The signature cannot be read: {why}',
    'summary.pdf_unsigned': 'This PDF holds no signature, so nothing shows who issued it.',
    'unreadable.detail': '{detail}',
    'unreadable.no_signer_info': 'it contains no signature (no SignerInfo).',
    'unreadable.too_many_signatures':
      'it holds {count} signatures; Signet verifies at most {max} at once.',
    'unreadable.too_many_certificates':
      'it carries {count} certificates; Signet verifies signatures that carry at most {max}.',
    'unreadable.pdf': 'the PDF cannot be read: {detail}',
    'unreadable.pdf_no_signature': 'the PDF holds no signature.',
    'unreadable.pdf_too_many_signatures':
      'the PDF holds {count} signatures; Signet verifies at most {max} at once.',
    'summary.registry_only':
      'No signature was given; {status} To check the signature itself, send it too.',
    'summary.not_registered':
      "No signature was given, and this document is not in Signet's register of signed documents.",

    'registry.valid': 'The signing certificate is valid and has not been revoked.',
    'registry.signed_before_revocation':
      'Signed before revocation: a time-stamp proves the document was signed on {proven}. The signing certificate was revoked on {revoked} ({cause}), after that, so the signature keeps its value.',
    'registry.revoked_before_signing':
      'The signing certificate was revoked on {revoked} ({cause}), before the document was signed ({proven}): the signature is not valid.',
    'registry.revoked_without_proof':
      'The signing certificate was revoked on {revoked} ({cause}), and no time-stamp proves the document was signed before that.',
    'registry.signed_before_expiry':
      'The signing certificate has expired ({expiry}), which does not matter: a time-stamp proves the document was signed on {proven}, while it was valid.',
    'registry.expired_without_proof':
      'The signing certificate has expired ({expiry}), and no time-stamp proves the document was signed while it was valid.',
    'registry.rescinded': 'The department rescinded this document: it no longer has effect.',
    'registry.superseded':
      'The department replaced this document by another: it no longer has effect.',
    'registry.certificate_unknown':
      "Signet's register does not hold the certificate this document was signed with.",

    'law.condition_1': 'The signature creation data belongs to the signer alone',
    'law.condition_2':
      "The signature creation data was under the signer's sole control when signing",
    'law.condition_3': 'Any change to the signature after signing can be detected',
    'law.condition_4':
      'Any change to the content and form of the document after signing can be detected',
    'law.note':
      "This is a technical assessment of the conditions of Article 13 of the Electronic Signature Law of the PRC, made from the checks above and Signet's register. It is not legal advice; whether a signature is reliable is for the parties and, in the end, a court to decide.",
    'law.no_signature': 'No signature was verified, so nothing can be said about it.',
    'law.no_signer': "The signer's certificate was not found, so the key that signed is not known.",
    'law.signer_unbound':
      'The signature does not bind its certificate, so it is not known whose key signed.',
    'law.key_not_registered':
      "The signer's certificate was not issued by this Signet, and nothing else given shows who holds its key.",
    'law.key_shared':
      'The same key was certified for {department} and also for {others}: it does not belong to one signer alone.',
    'law.key_unique':
      "Signet's register shows the key certified for {department} alone, in one certificate bound to that department, and never for anyone else.",
    'law.control_hsm':
      'The key of {department} was made and kept inside a hardware security module (PKCS#11) and cannot be taken out of it: only requests authenticated as {department} can use it.',
    'law.control_department':
      "{department} holds its own key: Signet certified it from the department's request and never had the private key.",
    'law.control_file_vault':
      'Signet keeps the key of {department} in its encrypted key files on the server: the department uses it through its API key, but whether nobody else could use it at the time cannot be shown from here.',
    'law.control_unrecorded':
      'Signet did not record where the key of {department} was kept (a certificate from before that was recorded), so its control when signing cannot be shown.',
    'law.signature_changed':
      'The signature value does not verify: the signature was changed or does not belong to this document.',
    'law.signature_certificate_swapped':
      'The signature names another certificate than the one it came with: the signature was changed.',
    'law.signature_protected':
      "The signature value verifies with the signer's public key: any change to the signature or to what it signs would make it fail.",
    'law.signature_protected_timestamped':
      "The signature value verifies with the signer's public key, and a time-stamp fixed it on {time}: any change to it after that would be detected.",
    'law.signature_unchecked': 'The signature value could not be checked.',
    'law.content_changed':
      'The document is not the one that was signed: its digest differs from the signed one. A change was detected.',
    'law.range_incomplete':
      'The signature does not cover the whole PDF revision it belongs to, so parts of it could be changed without notice.',
    'law.pdf_changed_after':
      'The PDF was changed after it was signed in ways a signature does not allow: the change was detected.',
    'law.content_protected':
      "The document's digest matches the one the signer signed: any change to the content, even one byte, would be detected.",
    'law.content_protected_pdf':
      'The signature covers the whole PDF revision (content and form), and nothing was changed after it but what PDF signatures allow: any change would be detected.',
    'law.content_unchecked':
      'The document was not compared with what was signed, so a change to it cannot be ruled out here.',

    'verdict_text.authentic':
      'The signature is valid and the document has not been changed since it was signed.',
    'verdict_text.failed':
      'The signature does not match this document, or it is not valid. Do not rely on this document.',
    'verdict_text.unknown':
      'Signet could not confirm that the signature is valid. This does not prove that the document is false: the details below say what is missing.',
    'verdict_text.rescinded':
      'The signature is genuine, but the department that signed this document has rescinded it. It no longer has effect.',
    'verdict_text.superseded':
      'The signature is genuine, but the department that signed this document has replaced it with a newer one. Use the replacement.',
    'verdict_text.pdf_changed':
      'The signature is valid for an earlier version of this PDF, but the file was changed after it was signed: what was added is not covered by the signature.',
    'verdict_text.matches_registry':
      'This file is exactly the document registered under this code.',
    'verdict_text.differs_registry':
      'This file is not the document registered under this code: it differs from it, if only by one byte.',
    'coverage.whole': 'The whole file, except the signature itself',
    'coverage.validation_data':
      'The whole file, except the signature itself, plus validation data added after signing (normal for a long-term signature).',
    'coverage.changed':
      "Only the first {end} of the file's {size} bytes: the file was changed after it was signed.",
    'sub_indication.FORMAT_FAILURE': 'The signature file is not in a format that can be checked.',
    'sub_indication.HASH_FAILURE':
      'The document was changed after it was signed, or the signature belongs to another document.',
    'sub_indication.SIG_CRYPTO_FAILURE':
      'The signature value is broken: the signature file was altered or damaged.',
    'sub_indication.REVOKED': "The signer's certificate was revoked before the time of signing.",
    'sub_indication.NOT_YET_VALID':
      "The signer's certificate was not yet valid when the document was signed.",
    'sub_indication.EXPIRED': "The signer's certificate had expired when the document was signed.",
    'sub_indication.SIG_CONSTRAINTS_FAILURE':
      'A condition for accepting the signature does not hold: the checks below say which.',
    'sub_indication.CHAIN_CONSTRAINTS_FAILURE':
      'The chain of certificates breaks a rule of its certification authority.',
    'sub_indication.CERTIFICATE_CHAIN_GENERAL_FAILURE':
      'The chain of certificates could not be validated.',
    'sub_indication.CRYPTO_CONSTRAINTS_FAILURE':
      'The signature uses an algorithm or key size that is no longer accepted.',
    'sub_indication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE':
      'The signature uses an algorithm that is no longer accepted, and nothing proves it was made while it still was.',
    'sub_indication.NO_SIGNING_CERTIFICATE_FOUND':
      "The signer's certificate is missing from the signature.",
    'sub_indication.NO_CERTIFICATE_CHAIN_FOUND':
      "The signer's certificate does not lead to a trusted certification authority.",
    'sub_indication.REVOKED_NO_POE':
      "The signer's certificate has been revoked, and nothing proves that the document was signed before that.",
    'sub_indication.REVOKED_CA_NO_POE': 'A certificate of the issuing authority has been revoked.',
    'sub_indication.OUT_OF_BOUNDS_NO_POE':
      "The signature time is outside the validity of the signer's certificate, and no timestamp proves when it was made.",
    'sub_indication.TRY_LATER':
      'The revocation status of the certificate is not available yet; try again later.',
    'sub_indication.SIGNED_DATA_NOT_FOUND': 'The signed data could not be found.',
  }),
};

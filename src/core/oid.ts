// Every object identifier Signet uses, named once. Sources in the comment beside each group.

// Hash algorithms (RFC 5754, NIST CSOR)
export const OID_SHA1 = '1.3.14.3.2.26';
export const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
export const OID_SHA384 = '2.16.840.1.101.3.4.2.2';
export const OID_SHA512 = '2.16.840.1.101.3.4.2.3';
export const OID_MD5 = '1.2.840.113549.2.5';
export const OID_SM3 = '1.2.156.10197.1.401';

// Public-key and signature algorithms (RFC 3279, RFC 4055, RFC 5758, RFC 5480)
export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
export const OID_SHA1_WITH_RSA = '1.2.840.113549.1.1.5';
export const OID_SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
export const OID_SHA384_WITH_RSA = '1.2.840.113549.1.1.12';
export const OID_SHA512_WITH_RSA = '1.2.840.113549.1.1.13';
export const OID_RSASSA_PSS = '1.2.840.113549.1.1.10';
export const OID_MGF1 = '1.2.840.113549.1.1.8';
export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
export const OID_ECDSA_WITH_SHA1 = '1.2.840.10045.4.1';
export const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
export const OID_ECDSA_WITH_SHA384 = '1.2.840.10045.4.3.3';
export const OID_ECDSA_WITH_SHA512 = '1.2.840.10045.4.3.4';
export const OID_CURVE_P256 = '1.2.840.10045.3.1.7';
export const OID_CURVE_P384 = '1.3.132.0.34';
export const OID_CURVE_P521 = '1.3.132.0.35';
export const OID_ED25519 = '1.3.101.112';
export const OID_DSA = '1.2.840.10040.4.1';
export const OID_DSA_WITH_SHA1 = '1.2.840.10040.4.3';
// SM2 (GB/T 33560-2017 / GM/T 0006): the curve sm2p256v1 (named in id-ecPublicKey's parameters,
// GB/T 20518-2018), the signature scheme SM2-with-SM3, and SM2 alone as CMS names it (GB/T 35275)
export const OID_CURVE_SM2 = '1.2.156.10197.1.301';
export const OID_SM2_SIGN = '1.2.156.10197.1.301.1';
export const OID_SM2_WITH_SM3 = '1.2.156.10197.1.501';

// X.500 attribute types (RFC 5280 Appendix A)
export const OID_AT_COMMON_NAME = '2.5.4.3';
export const OID_AT_SERIAL_NUMBER = '2.5.4.5';
export const OID_AT_COUNTRY = '2.5.4.6';
export const OID_AT_LOCALITY = '2.5.4.7';
export const OID_AT_STATE_OR_PROVINCE = '2.5.4.8';
export const OID_AT_ORGANIZATION = '2.5.4.10';
export const OID_AT_ORGANIZATIONAL_UNIT = '2.5.4.11';
export const OID_PKCS9_EMAIL_ADDRESS = '1.2.840.113549.1.9.1';
export const OID_AT_DOMAIN_COMPONENT = '0.9.2342.19200300.100.1.25';
export const OID_AT_USER_ID = '0.9.2342.19200300.100.1.1';

// Certificate extensions (RFC 5280 section 4.2, RFC 6960)
export const OID_CE_SUBJECT_KEY_IDENTIFIER = '2.5.29.14';
export const OID_CE_KEY_USAGE = '2.5.29.15';
export const OID_CE_SUBJECT_ALT_NAME = '2.5.29.17';
export const OID_CE_ISSUER_ALT_NAME = '2.5.29.18';
export const OID_CE_BASIC_CONSTRAINTS = '2.5.29.19';
export const OID_CE_CRL_NUMBER = '2.5.29.20';
export const OID_CE_CRL_REASON = '2.5.29.21';
export const OID_CE_HOLD_INSTRUCTION_CODE = '2.5.29.23';
export const OID_CE_INVALIDITY_DATE = '2.5.29.24';
export const OID_CE_DELTA_CRL_INDICATOR = '2.5.29.27';
export const OID_CE_ISSUING_DISTRIBUTION_POINT = '2.5.29.28';
export const OID_CE_CERTIFICATE_ISSUER = '2.5.29.29';
export const OID_CE_NAME_CONSTRAINTS = '2.5.29.30';
export const OID_CE_CRL_DISTRIBUTION_POINTS = '2.5.29.31';
export const OID_CE_CERTIFICATE_POLICIES = '2.5.29.32';
export const OID_CE_POLICY_MAPPINGS = '2.5.29.33';
export const OID_CE_AUTHORITY_KEY_IDENTIFIER = '2.5.29.35';
export const OID_CE_POLICY_CONSTRAINTS = '2.5.29.36';
export const OID_CE_EXT_KEY_USAGE = '2.5.29.37';
export const OID_CE_FRESHEST_CRL = '2.5.29.46';
export const OID_CE_INHIBIT_ANY_POLICY = '2.5.29.54';
export const OID_PE_AUTHORITY_INFO_ACCESS = '1.3.6.1.5.5.7.1.1';
export const OID_PE_SUBJECT_INFO_ACCESS = '1.3.6.1.5.5.7.1.11';
export const OID_AD_OCSP = '1.3.6.1.5.5.7.48.1';
export const OID_AD_CA_ISSUERS = '1.3.6.1.5.5.7.48.2';
export const OID_PKIX_OCSP_NOCHECK = '1.3.6.1.5.5.7.48.1.5';
export const OID_PKIX_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
export const OID_PKIX_OCSP_NONCE = '1.3.6.1.5.5.7.48.1.2';

// Extended key usages (RFC 5280 4.2.1.12, RFC 9336)
export const OID_ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';
export const OID_KP_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const OID_KP_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
export const OID_KP_CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
export const OID_KP_EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';
export const OID_KP_TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
export const OID_KP_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
export const OID_KP_DOCUMENT_SIGNING = '1.3.6.1.5.5.7.3.36';

// Certificate policies (RFC 5280 4.2.1.4)
export const OID_ANY_POLICY = '2.5.29.32.0';

// PKCS #9 / CSR attributes (RFC 2985, RFC 2986)
export const OID_PKCS9_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

// CMS content types and attributes (RFC 5652, RFC 5035, RFC 3161, ETSI EN 319 122-1)
export const OID_CT_DATA = '1.2.840.113549.1.7.1';
export const OID_CT_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_CT_TST_INFO = '1.2.840.113549.1.9.16.1.4';
export const OID_AA_CONTENT_TYPE = '1.2.840.113549.1.9.3';
export const OID_AA_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
export const OID_AA_SIGNING_TIME = '1.2.840.113549.1.9.5';
export const OID_AA_SIGNING_CERTIFICATE = '1.2.840.113549.1.9.16.2.12';
export const OID_AA_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
export const OID_AA_SIGNATURE_TIME_STAMP_TOKEN = '1.2.840.113549.1.9.16.2.14';
// ETSI EN 319 122-1 5.5.3 archive-time-stamp-v3 and 5.5.2 ats-hash-index-v3 (CAdES B-LTA).
export const OID_AA_ARCHIVE_TIME_STAMP_V3 = '0.4.0.1733.2.4';
export const OID_AA_ATS_HASH_INDEX_V3 = '0.4.0.19122.1.5';
export const OID_RI_OCSP_RESPONSE = '1.3.6.1.5.5.7.16.2';

// Signet's own arc for its timestamp policy. Private-enterprise style arc under the
// "example" 1.3.6.1.4.1.99999 until an arc is registered; named once so it changes in one place.
export const OID_SIGNET_TSA_POLICY = '1.3.6.1.4.1.99999.1.1';
// The only purpose of the audit key's certificate (RFC 5280 4.2.1.12, critical): it signs the heads
// of Signet's audit log, and no relying party takes it for a document or time-stamp signer.
export const OID_SIGNET_KP_AUDIT_SIGNING = '1.3.6.1.4.1.99999.1.2';
// The purpose of the validation key's certificate (issue 19): it signs verification reports
// (validation receipts), and nothing else Signet makes.
export const OID_SIGNET_KP_VALIDATION_SIGNING = '1.3.6.1.4.1.99999.1.3';
// Signet's attribute arc (.2): an unsigned attribute of a SignerInfo (RFC 5652 5.3) carrying the
// offline proof that the signature was appended to Signet's transparency log (issue 21; value:
// core/asn1/tlog-proof.ts SignetTlogProof).
export const OID_SIGNET_AA_TLOG_PROOF = '1.3.6.1.4.1.99999.2.1';

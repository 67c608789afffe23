/**
 * What the API answers: the zod schemas of its JSON answers. The route table names them for each
 * operation and the OpenAPI document is generated from them (z.toJSONSchema, output side: objects
 * are closed, so a member that is not declared here, a key among them, fails the answer test).
 */
import { z } from 'zod';
import { REASON_PARAMS } from '../../verification/reasons';
import { CHECK_IDS, LAW_OUTCOMES, SUB_INDICATIONS } from '../../verification/report';

/** An instant, ISO 8601 UTC, as every time of the API. */
const Time = z.iso.datetime();
const Hex = z.string().regex(/^[0-9A-Fa-f]+$/);

/** `{"error": {"code", "message"}, "requestId"}`, every refusal and fault (SPEC.md "Errors"). */
export const ErrorAnswer = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
  requestId: z.string(),
});

export const Health = z.object({ status: z.literal('ok') });

const CheckStates = z.record(z.string(), z.enum(['ok', 'unavailable']));
export const Ready = z.object({ status: z.literal('ready'), checks: CheckStates });
/** 503 from /readyz: the error shape with the checks beside it (names only: the log says why). */
export const NotReady = ErrorAnswer.extend({
  status: z.literal('unavailable'),
  checks: CheckStates,
});

/** The OpenAPI document itself: described by its own specification, not repeated here. */
export const OpenApiAnswer = z.looseObject({ openapi: z.literal('3.1.0') });

export const Department = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: Time,
  disabledAt: Time.optional(),
});
export const AddedDepartment = Department.extend({ apiKey: z.string() });
export const DepartmentList = z.object({ departments: z.array(Department) });
export const NewApiKey = z.object({ id: z.string(), apiKey: z.string() });
export const NewAdminToken = z.object({ adminToken: z.string() });

const Pem = z.string().regex(/^-----BEGIN CERTIFICATE-----\n/);

export const IssuedCertificate = z.object({
  serial: Hex,
  status: z.literal('valid'),
  department: z.string(),
  notBefore: Time,
  notAfter: Time,
  custodialKey: z.boolean(),
  certificate: Pem,
});

export const Certificate = z.object({
  serial: Hex,
  status: z.enum(['valid', 'revoked', 'expired', 'not_issued']),
  role: z.enum(['root', 'issuing', 'tsa', 'ocsp', 'department']),
  department: z.string().optional(),
  subject: z.string(),
  notBefore: Time,
  notAfter: Time,
  custodialKey: z.boolean(),
  keyAlgorithm: z.string().optional(),
  /** Where the private key is kept (issue 17); absent when issued before it was recorded. */
  keyCustody: z.enum(['file', 'pkcs11', 'external']).optional(),
  /** True: in Signet's HSM; false: in Signet's key files; absent: not known to Signet. */
  hsmHeld: z.boolean().optional(),
  revokedAt: Time.optional(),
  revocationReason: z.string().optional(),
  certificate: Pem.optional(),
});
export const CertificateList = z.object({
  certificates: z.array(Certificate.omit({ certificate: true })),
});

const Digest = z.object({ algorithm: z.string(), value: Hex });

/** The signature's place in the transparency log (issue 21). */
export const Transparency = z
  .discriminatedUnion('status', [
    z.object({ status: z.literal('included'), index: z.string().regex(/^\d+$/) }),
    z.object({ status: z.literal('pending') }),
  ])
  .describe(
    'included: the log proof is in the signature (unsigned attribute 1.3.6.1.4.1.99999.2.1); pending: fetch it from /api/v1/documents/{code}/log-proof',
  );

/** GET /api/v1/documents/{code}/log-proof. */
export const LogProof = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('included'),
    index: z.string().regex(/^\d+$/),
    salt: z.base64().describe("The entry's 32-byte salt"),
    proof: z.string().describe('c2sp.org/tlog-proof against the latest checkpoint'),
    attribute: z
      .base64()
      .describe('DER Attribute to add to the SignerInfo unsigned attributes (RFC 5652 5.3)'),
  }),
  z.object({ status: z.literal('pending') }),
]);

export const SignedDocument = z.object({
  id: z.string(),
  verificationCode: z.string(),
  verifyUrl: z.url(),
  digest: Digest,
  signedAt: Time,
  certificateSerial: Hex,
  level: z.enum(['B-B', 'B-T', 'B-LT', 'B-LTA']),
  signature: z.base64().describe('DER ContentInfo of the detached CMS SignedData'),
  transparency: Transparency.optional(),
});

/** Two-phase signing (issue 17): what the department's own key signs, under a handle. */
export const PreparedSignature = z.object({
  handle: z.string().regex(/^[0-9a-f]{32}$/),
  dataToBeSigned: z.base64().describe('DER of the CAdES signed attributes (RFC 5652 5.4)'),
  digestAlgorithm: z.enum(['sha256', 'sha384', 'sha512', 'sm3']),
  signatureAlgorithm: z.enum(['ecdsa', 'rsa-pkcs1', 'sm2']),
  certificateSerial: Hex,
  signingTime: Time,
  expiresAt: Time,
});

const ReasonIds = Object.keys(REASON_PARAMS) as [keyof typeof REASON_PARAMS];

/** Why, as data (verification/reasons): an id of the catalogues and its parameters. */
export const Reason = z.object({
  id: z.enum(ReasonIds),
  get params() {
    return z.record(
      z.string(),
      z.union([z.string(), z.number(), Reason, z.array(z.union([z.string(), Reason]))]),
    );
  },
});

const RegisteredCertificate = z.object({
  serial: Hex,
  fingerprint: Hex,
  status: z.enum(['valid', 'revoked', 'expired']),
  notAfter: Time,
  revokedAt: Time.optional(),
  revocationReason: z.string().optional(),
  /** True when Signet kept the signing key in an HSM (PKCS#11), false in key files (issue 17). */
  hsmHeld: z.boolean().optional(),
});

/** A registry entry (never the content) with its verdict (documents/registry-verdict.ts). */
export const DocumentView = z.object({
  id: z.string(),
  verificationCode: z.string(),
  department: z.object({ id: z.string(), name: z.string().optional() }),
  fileName: z.string().optional(),
  digest: Digest,
  format: z.enum(['cades', 'pades']),
  level: z.string(),
  signedAt: Time,
  certificateSerial: Hex,
  status: z.enum(['valid', 'rescinded', 'superseded']),
  statusReason: z.string().optional(),
  statusChangedAt: Time.optional(),
  supersededBy: z.object({ id: z.string(), verificationCode: z.string() }).optional(),
  certificate: RegisteredCertificate.optional(),
  verdict: z.object({
    code: z.enum([
      'valid',
      'signed_before_revocation',
      'signed_before_expiry',
      'revoked_before_signing',
      'revoked_without_proof',
      'expired_without_proof',
      'rescinded',
      'superseded',
      'certificate_unknown',
    ]),
    valid: z.boolean(),
    provenTime: Time.optional(),
    reason: Reason,
    message: z.string(),
  }),
});

const Indication = z.enum(['TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE']);
const SubIndication = z.enum(SUB_INDICATIONS);

const Check = z.object({
  id: z.enum(CHECK_IDS),
  name: z.string(),
  status: z.enum(['passed', 'failed', 'warning', 'not_checked']),
  reason: Reason,
  message: z.string(),
});

const CertificateSummary = z.object({
  subject: z.string(),
  issuer: z.string(),
  serial: Hex,
  notBefore: Time,
  notAfter: Time,
});

const SignatureReport = z.object({
  indication: Indication,
  subIndication: SubIndication.optional(),
  format: z.string(),
  signer: CertificateSummary.extend({
    confirmed: z.boolean().optional(),
    name: z.string().optional(),
    organization: z.string().optional(),
    department: z.string().optional(),
  }).optional(),
  signingTime: Time.nullable(),
  bestSignatureTime: Time,
  timestamp: z
    .object({
      time: Time,
      accuracyMs: z.number().optional(),
      authority: z.string().optional(),
      serialNumber: z.string(),
      policy: z.string(),
      valid: z.boolean(),
    })
    .optional(),
  certificateChain: z.array(CertificateSummary),
  checks: z.array(Check),
  pdf: z
    .object({
      field: z.string(),
      subFilter: z.string().optional(),
      byteRange: z.array(z.number().int()),
      signedBytes: z.number().int(),
      changesAfter: z.array(
        z.object({
          revision: z.number().int(),
          objectNumber: z.number().int(),
          action: z.enum(['added', 'modified', 'deleted']),
          kind: z.string(),
          allowed: z.boolean(),
          description: z.string(),
        }),
      ),
      changesAfterCount: z.number().int(),
    })
    .optional(),
});

/** PRC Electronic Signature Law Art. 13, condition by condition (verification/law.ts). */
const LawSection = z.object({
  conditions: z.array(
    z.object({
      condition: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
      title: z.string(),
      outcome: z.enum(LAW_OUTCOMES),
      signature: z.number().int().min(0).optional(),
      checks: z.array(Check.shape.id),
      reason: Reason,
      message: z.string(),
    }),
  ),
  note: z.string(),
  noteReason: Reason,
});

/** The ETSI EN 319 102-1 report of SPEC.md "Verification" (verification/report.ts). */
export const VerificationReport = z.object({
  indication: Indication,
  subIndication: SubIndication.optional(),
  summary: z.string(),
  summaryReason: Reason,
  /** The sub-indication in plain words, in the report's language (absent when TOTAL_PASSED). */
  subIndicationMessage: z.string().optional(),
  validationTime: Time,
  signatures: z.array(SignatureReport),
  document: z.object({
    digest: Digest.optional(),
    registered: DocumentView.optional(),
    status: Check.optional(),
  }),
  law: LawSection,
  /**
   * With ?receipt=1: base64 of a DER CMS SignedData over this report without `receipt` (RFC 8785
   * canonical JSON), signed by Signet's validation key and time-stamped (verification-receipt).
   */
  receipt: z.string().optional(),
});

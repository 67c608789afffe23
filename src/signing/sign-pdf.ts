import {
  addDocumentSecurityStore,
  embedCms,
  hashByteRange,
  preparePdfSignature,
} from '../core/pades';
import type { SignatureLevel } from '../documents';
import { addDocumentTimestamp } from './document-timestamp';
import { sealFor, type SealPlacement } from './seal';
import {
  checkBeforeRelease,
  newRegistration,
  documentHash,
  openSession,
  register,
  signatureUpToT,
  validationData,
  verifyUrlOf,
  withLogProof,
  type RegisteredSignature,
  type SigningDeps,
  type Transparency,
} from './sign';
import { formatVerificationCode } from '../documents';

export interface SignPdfRequest {
  departmentId: string;
  actor: string;
  level: SignatureLevel;
  pdf: Uint8Array;
  fileName?: string;
  /** A visible seal (ISO 32000-1 12.7.4.5); without one the signature is invisible. */
  seal?: SealPlacement;
}

/**
 * Signs a PDF at a PAdES baseline level (ETSI EN 319 142-1) as an incremental update, so earlier
 * signatures stay valid: prepare the signature dictionary, hash its byte ranges, have the same
 * CAdES core sign the digest (no signing-time attribute: the time is /M), embed, and for B-LT add
 * a Document Security Store in a further update (and for B-LTA a document time-stamp after it). The registry keeps the byte-range digest, which
 * is what a verifier (and the citizen page) computes from the signed PDF; the CMS carries the
 * transparency-log proof when its batch is sequenced in time, as a CAdES signature does. The id and verification
 * code are chosen before the PDF is prepared, so that the seal can show them; registration and
 * audit still happen together, after signing.
 */
export async function signPdf(
  deps: SigningDeps,
  req: SignPdfRequest,
): Promise<{ document: RegisteredSignature & { transparency?: Transparency }; pdf: Uint8Array }> {
  const hash = documentHash(deps, req.departmentId, undefined);
  const session = openSession(deps, req.departmentId, hash);
  const department = deps.departments.department(req.departmentId);
  const registration = newRegistration(deps);
  const appearance =
    req.seal &&
    sealFor(req.seal, {
      departmentName: department?.name ?? req.departmentId,
      signingTime: session.now,
      verificationCode: formatVerificationCode(registration.code),
      verifyUrl: verifyUrlOf(deps, registration.code),
    });
  // A PDF the writer cannot take fails here with PadesError MALFORMED_PDF / ENCRYPTED_PDF / UNSUPPORTED_PDF.
  const prepared = preparePdfSignature(req.pdf, {
    signingTime: session.now,
    name: department?.name,
    reason: 'Official document',
    appearance,
  });
  const digest = hashByteRange(prepared.prepared, prepared.byteRange, hash);
  const cms = await signatureUpToT(deps, session, {
    digest,
    hash,
    level: req.level,
    signingTime: false,
  });
  checkBeforeRelease(cms, session.key.certificate, digest);
  const lt = req.level === 'B-LT' || req.level === 'B-LTA';
  const data = lt ? await validationData(deps) : undefined;
  // Registered before the CMS is embedded, so that the log proof can go into it (issue 21): the
  // DSS's VRI key and a B-LTA document time-stamp cover /Contents, so nothing may change it after.
  const document = register(
    deps,
    session,
    { ...req, hash, digest, format: 'pades', cms },
    registration,
  );
  const logged = await withLogProof(deps, document.id, cms);
  let pdf = embedCms(prepared.prepared, prepared.byteRange, logged.signature);
  if (data) pdf = addDocumentSecurityStore(pdf, data);
  if (req.level === 'B-LTA') pdf = await addDocumentTimestamp(pdf, deps.tsa);
  return { document: { ...document, transparency: logged.transparency }, pdf };
}

/**
 * `signet audit export` (issue 14): the signed head of the audit log for keeping off the host, so
 * that a later `signet audit verify --against FILE` notices a log cut short, rolled back to an
 * older copy, or rewritten after the export, which the anchors inside the database cannot show
 * once they are deleted with it. The file is JSON (format "signet-audit-head/1"):
 *
 *   seq, hash        the chain's head (core/audit-chain.ts: SHA-256 hex of the entry)
 *   signedAt         when the audit key signed it (ISO 8601 UTC)
 *   signature        base64 DER ECDSA-Sig-Value (P-256, SHA-256) over the UTF-8 text
 *                    "signet audit anchor v1\n<seq>\n<hash>"
 *   timestampToken   base64 DER RFC 3161 TimeStampToken of Signet's TSA over SHA-256(signature)
 *   auditCertificate PEM of the audit key's certificate, issued by the issuing CA
 *   caCertificates   PEM of the issuing CA and the root, to check it on another host
 */
import { z } from 'zod';
import { fromPemAll, toPem } from '../core/encoding';
import { anchorAuditLog, auditCertificate } from './audit-anchor';
import type { AuthorityCache } from './context';
import { CaError } from './errors';
import type { AnchorTimestamper } from './ports';

export const AUDIT_HEAD_FORMAT = 'signet-audit-head/1';

export interface ExportedHead {
  seq: number;
  hash: string;
  signedAt: string;
  signature: Uint8Array;
  timestampToken: Uint8Array;
  certificate: Uint8Array;
}

const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);
const schema = z.object({
  format: z.literal(AUDIT_HEAD_FORMAT),
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  signedAt: z.string(),
  signature: base64,
  timestampToken: base64,
  auditCertificate: z.string(),
  caCertificates: z.array(z.string()),
});

const bytes = (b64: string): Uint8Array => new Uint8Array(Buffer.from(b64, 'base64'));

/** Signs and time-stamps the head unless an anchor covers it already, and answers the export. */
export async function exportAuditHead(
  deps: Parameters<typeof anchorAuditLog>[0],
  tsa: AnchorTimestamper,
  authorities: AuthorityCache,
): Promise<Record<string, unknown>> {
  await anchorAuditLog(deps, tsa);
  const anchor = deps.audit.anchors().at(-1);
  const certificate = anchor && auditCertificate(deps.audit.entries(), anchor.keyId);
  if (!anchor?.timestampToken || !certificate) {
    throw new CaError(
      'NOT_INITIALIZED',
      'There is no signed and time-stamped head to export: the audit log is empty.',
    );
  }
  return {
    format: AUDIT_HEAD_FORMAT,
    seq: anchor.seq,
    hash: anchor.hash,
    signedAt: anchor.signedAt,
    signature: Buffer.from(anchor.signature).toString('base64'),
    timestampToken: Buffer.from(anchor.timestampToken).toString('base64'),
    auditCertificate: toPem(certificate, 'CERTIFICATE'),
    caCertificates: [authorities.get('issuing').der, authorities.get('root').der].map((d) =>
      toPem(d, 'CERTIFICATE'),
    ),
  };
}

/** Reads an exported head; anything else is AUDIT_EXPORT_INVALID, one sentence. */
export function parseExportedHead(text: string, file: string): ExportedHead {
  let parsed;
  try {
    parsed = schema.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  const certificate = parsed?.success && fromPemAll(parsed.data.auditCertificate, 'CERTIFICATE')[0];
  if (!parsed?.success || !certificate) {
    throw new CaError(
      'AUDIT_EXPORT_INVALID',
      `${file} is not an exported audit head (${AUDIT_HEAD_FORMAT}, written by "signet audit export").`,
    );
  }
  const d = parsed.data;
  return {
    seq: d.seq,
    hash: d.hash,
    signedAt: d.signedAt,
    signature: bytes(d.signature),
    timestampToken: bytes(d.timestampToken),
    certificate,
  };
}

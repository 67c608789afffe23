import { createReadStream, readFileSync, statSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import {
  caVerificationDeps,
  documentHashesFor,
  hashDocument,
  MAX_SIGNATURE_BYTES,
  signatureDer,
  verify,
  VerificationError,
  verifyCertificate,
  type CertificateCheckResult,
  type DocumentDigests,
  type VerificationReport,
} from '../../verification';
import { CliFileError } from '../errors';
import { run, withCommonOptions, type CliContext } from '../context';

type Common = { dataDir?: string; json?: boolean };
type VerifyOptions = Common & { signature?: string };
type CertVerifyOptions = Common & {
  trust: string[];
  untrusted: string[];
  crl: string[];
  at?: Date;
  eku: string[];
};

/** Local files are the operator's own: no size limit but the signature's. */
const MAX_LOCAL_BYTES = Number.MAX_SAFE_INTEGER;

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function isoTime(value: string): Date {
  const time = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time.getTime())) {
    throw new InvalidArgumentError('must be an ISO 8601 time, e.g. 2026-01-31T12:00:00Z.');
  }
  return time;
}

function collectOid(value: string, previous: string[]): string[] {
  if (!/^[0-2](\.\d+)+$/.test(value)) {
    throw new InvalidArgumentError('must be an object identifier, e.g. 1.3.6.1.5.5.7.3.36.');
  }
  return [...previous, value];
}

function unreadable(file: string, cause: unknown): CliFileError {
  return new CliFileError('FILE_UNREADABLE', `The file ${file} cannot be read.`, { cause });
}

function readInput(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (cause) {
    throw unreadable(file, cause);
  }
}

/**
 * The signature file (DER, PEM or base64), refused before it is read when it is larger than a
 * signature may be.
 */
function readSignature(file: string): Uint8Array {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (cause) {
    throw unreadable(file, cause);
  }
  if (size > MAX_SIGNATURE_BYTES) {
    throw new VerificationError(
      'SIGNATURE_TOO_LARGE',
      `The signature ${file} is larger than the limit of ${MAX_SIGNATURE_BYTES} bytes.`,
    );
  }
  return signatureDer(readInput(file));
}

/** The document, hashed as it is read (never held whole) with the hashes the signature names. */
async function hashFile(file: string, signature: Uint8Array | undefined): Promise<DocumentDigests> {
  try {
    return await hashDocument(
      createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Uint8Array>,
      MAX_LOCAL_BYTES,
      documentHashesFor(signature),
    );
  } catch (cause) {
    if (cause instanceof VerificationError) throw cause;
    throw unreadable(file, cause);
  }
}

const MARKS: Record<string, string> = {
  passed: 'ok  ',
  failed: 'FAIL',
  warning: 'warn',
  not_checked: ' -- ',
};

/** The verdict first, then each signature's checks, then the document. */
export function reportText(report: VerificationReport): string {
  const lines = [
    `${report.indication}${report.subIndication ? ` / ${report.subIndication}` : ''}`,
    report.summary,
  ];
  report.signatures.forEach((s, i) => {
    lines.push(
      '',
      `Signature ${i + 1} (${s.format}): ${s.indication}${s.subIndication ? ` / ${s.subIndication}` : ''}`,
    );
    if (s.signer) {
      const claim = s.signer.confirmed === false ? ' (claimed: no trusted chain confirms it)' : '';
      lines.push(`  signer:      ${s.signer.subject} (serial ${s.signer.serial})${claim}`);
    }
    if (s.signingTime) lines.push(`  signed at:   ${s.signingTime} (the signer's claim)`);
    if (s.timestamp) {
      lines.push(`  time-stamp:  ${s.timestamp.time}${s.timestamp.valid ? '' : ' (not valid)'}`);
    }
    if (s.pdf) {
      const refused = s.pdf.changesAfter.filter((c) => !c.allowed).length;
      lines.push(
        `  PDF field:   ${s.pdf.field}, signing the file's first ${s.pdf.signedBytes} bytes`,
      );
      if (s.pdf.changesAfterCount > 0) {
        lines.push(
          `  later:       ${s.pdf.changesAfterCount} changed objects${refused ? `, ${refused} of them not allowed` : ', all allowed'}`,
        );
      }
    }
    for (const c of s.checks)
      lines.push(`  [${MARKS[c.status] ?? c.status}] ${c.name}: ${c.message}`);
  });
  const d = report.document;
  lines.push('');
  if (d.digest) lines.push(`Document ${d.digest.algorithm}: ${d.digest.value}`);
  if (d.registered) {
    lines.push(
      `Registered:  ${d.registered.verificationCode}, ${d.registered.department.name ?? d.registered.department.id}, ${d.registered.signedAt}, ${d.registered.status}`,
    );
    lines.push(`  register:   ${d.registered.verdict.message}`);
  }
  return lines.join('\n');
}

function certificateText(r: CertificateCheckResult): string {
  if (!r.valid) return `NOT VALID at ${r.time}: ${r.reason?.message ?? 'no valid path was found.'}`;
  const path = (r.chain ?? []).map((c) => c.subject).join('\n  issued by ');
  const revocation =
    r.revocation === 'not_revoked'
      ? 'Not revoked, according to the CRLs given.'
      : 'Revocation was not checked (no CRL given).';
  return `VALID at ${r.time}\n  ${path}\n${revocation}`;
}

/** `signet verify` and `signet cert verify` (SPEC.md "CLI"). */
export function registerVerify(program: Command, ctx: CliContext): void {
  withCommonOptions(program.command('verify <file>'))
    .description(
      'verify the signature of a document (the report of POST /api/v1/verify); exit 0 only when TOTAL_PASSED',
    )
    .option(
      '--signature <file>',
      'the CMS signature (DER, PEM or base64); without it FILE may be a signature that encloses the document',
    )
    .action(async (file: string, o: VerifyOptions) => {
      const signature = o.signature ? readSignature(o.signature) : undefined;
      const document = await hashFile(file, signature);
      const report = await run(
        ctx,
        o,
        (s) => verify(caVerificationDeps(s.signing), { signature, document }),
        reportText,
      );
      if (report.indication !== 'TOTAL_PASSED') {
        throw new VerificationError('SIGNATURE_NOT_VALID', report.summary);
      }
    });

  const cert = program.commands.find((c) => c.name() === 'cert');
  if (!cert) throw new Error('The cert command must be registered before verify.');
  withCommonOptions(cert.command('verify <certificate>'))
    .description('RFC 5280 path validation of a certificate; exit 0 valid, 1 not valid')
    .option(
      '--trust <file>',
      "a trusted certificate (PEM or DER; repeatable; default: this CA's root)",
      collect,
      [],
    )
    .option('--untrusted <file>', 'an intermediate certificate (repeatable)', collect, [])
    .option(
      '--crl <file>',
      'a CRL (repeatable); with any, the certificate itself needs a current status',
      collect,
      [],
    )
    .option('--at <time>', 'validate at this ISO 8601 time instead of now', isoTime)
    .option(
      '--eku <oid>',
      'an extended key usage the certificate must allow (repeatable)',
      collectOid,
      [],
    )
    .action(async (file: string, o: CertVerifyOptions) => {
      const request = {
        certificate: readInput(file),
        trustAnchors: o.trust.map(readInput),
        untrusted: o.untrusted.map(readInput),
        crls: o.crl.map(readInput),
        requiredEkus: o.eku,
      };
      const print = (result: CertificateCheckResult): void =>
        ctx.out(o.json ? JSON.stringify(result, null, 2) : certificateText(result));
      let result: CertificateCheckResult;
      if (request.trustAnchors.length > 0) {
        const now = new Date();
        result = verifyCertificate({ ...request, time: o.at ?? now, now });
        print(result);
      } else {
        // This CA's root, its issuing CA and its current CRL, from the data directory.
        result = await run(
          ctx,
          o,
          async (s) => {
            // The current CRL first (it may be published now): it must not postdate "now".
            const crl = (await s.signing.crl.get()).der;
            const now = s.deps.clock.now();
            return verifyCertificate({
              ...request,
              trustAnchors: [s.authorities.get('root').der],
              untrusted: [...request.untrusted, s.authorities.get('issuing').der],
              crls: [...request.crls, crl],
              time: o.at ?? now,
              now,
            });
          },
          certificateText,
        );
      }
      if (!result.valid) {
        throw new VerificationError(
          'CERTIFICATE_NOT_VALID',
          result.reason?.message ?? 'The certificate is not valid.',
        );
      }
    });
}

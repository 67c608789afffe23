import { createReadStream } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import {
  caVerificationDeps,
  crlUrlsToFetch,
  documentHashesFor,
  hashDocument,
  languageOf,
  localizeReport,
  MAX_SIGNATURE_BYTES,
  signatureDer,
  standaloneVerificationDeps,
  verify,
  VerificationError,
  verifyCertificate,
  type CertificateCheckResult,
  type DocumentDigests,
  type Language,
  type LawOutcome,
  type VerificationReport,
} from '../../verification';
import { issueReceipt } from '../../ca/validation-receipt';
import { CliUsageError } from '../errors';
import { fetchCrls } from '../fetch-crls';
import { checkWritable, readInput, statInput, unreadable, writeAtomically } from '../files';
import { run, withCommonOptions, type CliContext } from '../context';

type Common = { dataDir?: string; json?: boolean };
type VerifyOptions = Common & {
  signature?: string;
  lang?: Language;
  trust: string[];
  offline?: boolean;
  receipt?: string;
  logKey: string[];
};
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

function language(value: string): Language {
  const known = languageOf(value);
  if (!known) throw new InvalidArgumentError('must be zh-CN or en.');
  return known;
}

function collectOid(value: string, previous: string[]): string[] {
  if (!/^[0-2](\.\d+)+$/.test(value)) {
    throw new InvalidArgumentError('must be an object identifier, e.g. 1.3.6.1.5.5.7.3.36.');
  }
  return [...previous, value];
}

/**
 * The signature file (DER, PEM or base64), refused before it is read when it is larger than a
 * signature may be.
 */
function readSignature(file: string): Uint8Array {
  const size = statInput(file).size;
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

/** The words of the text report around the report's own sentences, per language. */
interface Labels {
  signature(index: number, format: string): string;
  signer(subject: string, serial: string): string;
  /** After the signer, when no trusted chain vouches for its names. */
  claimed(): string;
  signedAt(time: string): string;
  timestamp(time: string): string;
  notValid(): string;
  pdf(field: string, bytes: number): string;
  later(count: number): string;
  refused(count: number): string;
  allAllowed(): string;
  document(algorithm: string, value: string): string;
  registered(entry: string): string;
  /** What the register's statuses mean together (documents/registry-verdict.ts), in the report's language. */
  register(verdict: string): string;
  /** The heading of the law section, and each Art. 13 outcome in a word or two. */
  law(): string;
  outcome: Record<LawOutcome, string>;
}

const LABELS: Record<Language, Labels> = {
  en: {
    signature: (i, format) => `Signature ${i} (${format})`,
    signer: (subject, serial) => `  signer:      ${subject} (serial ${serial})`,
    claimed: () => ' (claimed: no trusted chain confirms it)',
    signedAt: (time) => `  signed at:   ${time} (the signer's claim)`,
    timestamp: (time) => `  time-stamp:  ${time}`,
    notValid: () => ' (not valid)',
    pdf: (field, bytes) => `  PDF field:   ${field}, signing the file's first ${bytes} bytes`,
    later: (count) => `  later:       ${count} changed objects`,
    refused: (count) => `, ${count} of them not allowed`,
    allAllowed: () => ', all allowed',
    document: (algorithm, value) => `Document ${algorithm}: ${value}`,
    registered: (entry) => `Registered:  ${entry}`,
    register: (verdict) => `  register:   ${verdict}`,
    law: () => 'Electronic Signature Law of the PRC, Art. 13 (a technical assessment):',
    outcome: { SATISFIED: 'met', NOT_SATISFIED: 'NOT MET', CANNOT_BE_DETERMINED: 'unknown' },
  },
  'zh-CN': {
    signature: (i, format) => `签名 ${i}（${format}）`,
    signer: (subject, serial) => `  签名者：    ${subject}（序列号 ${serial}）`,
    claimed: () => '（仅为声称：没有可信的证书链能证实）',
    signedAt: (time) => `  签署时间：  ${time}（签名者自称）`,
    timestamp: (time) => `  时间戳：    ${time}`,
    notValid: () => '（无效）',
    pdf: (field, bytes) => `  PDF 签名域：${field}，签署文件的前 ${bytes} 个字节`,
    later: (count) => `  此后：      ${count} 个对象被修改`,
    refused: (count) => `，其中 ${count} 个不被允许`,
    allAllowed: () => '，均被允许',
    document: (algorithm, value) => `文档 ${algorithm}：${value}`,
    registered: (entry) => `登记：      ${entry}`,
    register: (verdict) => `  登记结论：  ${verdict}`,
    law: () => '《中华人民共和国电子签名法》第十三条（技术评估）：',
    outcome: { SATISFIED: '满足', NOT_SATISFIED: '不满足', CANNOT_BE_DETERMINED: '无法确定' },
  },
};

/** The verdict first, then each signature's checks, then the document, in `language`. */
export function reportText(report: VerificationReport, language: Language = 'en'): string {
  const say = LABELS[language];
  const lines = [
    `${report.indication}${report.subIndication ? ` / ${report.subIndication}` : ''}`,
    report.summary,
    ...(report.subIndicationMessage ? [report.subIndicationMessage] : []),
  ];
  report.signatures.forEach((s, i) => {
    lines.push(
      '',
      `${say.signature(i + 1, s.format)}: ${s.indication}${s.subIndication ? ` / ${s.subIndication}` : ''}`,
    );
    if (s.signer) {
      const claimed = s.signer.confirmed === false ? say.claimed() : '';
      lines.push(say.signer(s.signer.subject, s.signer.serial) + claimed);
    }
    if (s.signingTime) lines.push(say.signedAt(s.signingTime));
    if (s.timestamp) {
      lines.push(say.timestamp(s.timestamp.time) + (s.timestamp.valid ? '' : say.notValid()));
    }
    if (s.pdf) {
      const refused = s.pdf.changesAfter.filter((c) => !c.allowed).length;
      lines.push(say.pdf(s.pdf.field, s.pdf.signedBytes));
      if (s.pdf.changesAfterCount > 0) {
        lines.push(
          say.later(s.pdf.changesAfterCount) + (refused ? say.refused(refused) : say.allAllowed()),
        );
      }
    }
    for (const c of s.checks)
      lines.push(`  [${MARKS[c.status] ?? c.status}] ${c.name}: ${c.message}`);
  });
  const d = report.document;
  lines.push('');
  if (d.digest) lines.push(say.document(d.digest.algorithm, d.digest.value));
  if (d.registered) {
    const r = d.registered;
    const entry = [r.verificationCode, r.department.name ?? r.department.id, r.signedAt, r.status];
    lines.push(say.registered(entry.join(', ')));
    lines.push(say.register(r.verdict.message));
  }
  lines.push('', say.law());
  for (const c of report.law.conditions) {
    lines.push(`  ${c.condition}. [${say.outcome[c.outcome]}] ${c.title}: ${c.message}`);
  }
  lines.push(`  ${report.law.note}`);
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
    .option(
      '--lang <language>',
      "the report's language, zh-CN or en (default: from LANG, else en)",
      language,
    )
    .option(
      '--trust <file>',
      'a trusted root certificate (PEM or DER; repeatable): verify without this CA, its data directory or its passphrase',
      collect,
      [],
    )
    .option(
      '--offline',
      "with --trust: fetch no CRL from the certificates' URLs when the signature carries no revocation data",
    )
    .option(
      '--log-key <vkey>',
      "a transparency log's key to trust (a c2sp.org/signed-note vkey, as `signet log verify` prints it; repeatable): checks the log proof the signature carries, offline",
      collect,
      [],
    )
    .option(
      '--receipt <out>',
      "write the signed validation receipt of the report (DER CMS, as POST /api/v1/verify?receipt=1 gives it); signs with this CA's validation key, so it needs the key passphrase",
    )
    .action(async (file: string, o: VerifyOptions) => {
      const lang = o.lang ?? languageOf(ctx.locale) ?? 'en';
      if (o.receipt !== undefined && o.trust.length > 0) {
        throw new CliUsageError(
          "--receipt signs with this CA's validation key: it cannot be given with --trust.",
        );
      }
      if (o.receipt !== undefined) checkWritable(o.receipt, 'receipt');
      const signature = o.signature ? readSignature(o.signature) : undefined;
      const anchors = o.trust.map(readInput);
      const document = await hashFile(file, signature);
      let report: VerificationReport;
      if (anchors.length > 0) {
        // Anyone's verification: nothing of a CA is opened, read or written.
        const deps = standaloneVerificationDeps(anchors, { now: () => new Date() });
        const urls = signature && !o.offline ? crlUrlsToFetch(signature) : [];
        const crls = await fetchCrls(urls, (w) => ctx.err(`warning: ${w}`));
        const request = { signature, document, crls, logKeys: o.logKey };
        report = localizeReport(await verify(deps, request), lang);
        ctx.out(o.json ? JSON.stringify(report, null, 2) : reportText(report, lang));
      } else {
        const out = o.receipt;
        // Only a receipt writes (the validation key, the TSA's serial): else nothing is opened
        // for writing and no passphrase is needed.
        report = await run(
          ctx,
          { ...o, readOnly: out === undefined },
          async (s) => {
            const answer = localizeReport(
              await verify(caVerificationDeps({ ...s.signing, logVkey: s.log.vkey }), {
                signature,
                document,
                logKeys: o.logKey,
              }),
              lang,
            );
            if (out !== undefined) {
              const ca = { ca: s.deps, authorities: s.authorities, tsa: s.signing.tsa };
              writeAtomically(out, await issueReceipt(ca, answer), 'receipt');
            }
            return answer;
          },
          (r) => reportText(r, lang),
        );
      }
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
          { ...o, readOnly: true },
          async (s) => {
            // The CRLs as last published (this command writes nothing): they must not postdate "now".
            const crls = (await s.signing.crl.all()).map((c) => c.der);
            const now = s.deps.clock.now();
            return verifyCertificate({
              ...request,
              trustAnchors: [s.authorities.get('root').der],
              untrusted: [...request.untrusted, ...s.authorities.issuingCas(now).map((a) => a.der)],
              crls: [...request.crls, ...crls],
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

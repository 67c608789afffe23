/**
 * The citizen verification page (issue 6). Three ways in: a file (a signed PDF, a document and its
 * .p7s, or a document alone), a typed verification code, or /verify/{code} from a QR code. The
 * document never leaves the browser: a PDF is read here by the server's own code (in the worker)
 * into the facts of its signatures, other documents are hashed here, and only facts, digests and
 * signatures are sent to POST /api/v1/verify. The verdict is the server's report's, never the
 * page's own. The report's words (each check's name and reason, the summary) come from the
 * catalogues the API and the CLI use (verification/reasons, bundled); every other string from one
 * dictionary per language (i18n-zh-CN.json, i18n-en.json).
 */
import type { HashName } from '../core/algorithms';
import { withoutContent } from '../core/cms/signed-data';
import { parseSignedData } from '../core/cms/parse';
import { OID_CT_TST_INFO } from '../core/oid';
import type { PublicDocumentView } from '../documents';
import { MAX_PDF_BYTES } from '../verification/limits';
import { toJson, type PdfFacts } from '../verification/pdf-facts';
import {
  checkName,
  LANGUAGES as REPORT_LANGUAGES,
  reason,
  subIndicationReason,
  type Language,
  type Reason,
} from '../verification/reasons';
import { icon as iconMarkup } from '../verification/page/icons';
import { lawSection } from '../verification/page/law';
import { el, type Child, type Markup } from '../verification/page/markup';
import {
  certificateFails,
  notFoundMessage,
  registryArticle,
  registryLines,
  registryRows,
} from '../verification/page/registry';
import {
  ALGORITHM_NAMES,
  facts,
  fill,
  fingerprintRow,
  formatTime,
  messageBox,
  reasonText as wordsReasonText,
  timeZoneRow,
  verdictArticle as article,
  type Params,
  type Words,
} from '../verification/page/view';
import type { SignatureReport, VerificationReport } from '../verification/report';
import {
  HASH_ALGORITHMS,
  hashInBackground,
  readPdfInBackground,
  type Job,
  type Range,
  type Undecided,
} from './hashing';
import { toDom } from './dom';
import { looksLikeSignature, NotASignature, signatureBytes, toBase64 } from './signature-file';

const LANGUAGES = ['zh-CN', 'en'];
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 16;
const MAX_SIGNATURE_BYTES = 32 * 1024 * 1024;
const SIGNATURE_EXTENSIONS = /\.(p7s|p7m|p7|sig|pem)$/i;
/** The PDF header (ISO 32000-1 7.5.2) may follow up to 1 KiB of other bytes. */
const PDF_HEADER_WINDOW = 1024;
/** Where times are shown: SIGNET_TIME_ZONE, which the server writes into the page. */
const TIME_ZONE = document.documentElement.dataset.timeZone || 'Asia/Shanghai';

type Dictionary = Record<string, string>;

function element<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
}

const els = {
  result: element('result'),
  status: element('status'),
  fileForm: element<HTMLFormElement>('file-form'),
  documentInput: element<HTMLInputElement>('document-input'),
  signatureInput: element<HTMLInputElement>('signature-input'),
  dropzone: element('dropzone'),
  progress: element('progress'),
  progressLabel: element('progress-label'),
  progressBar: element<HTMLProgressElement>('progress-bar'),
  progressText: element('progress-text'),
  codeForm: element<HTMLFormElement>('code-form'),
  codeInput: element<HTMLInputElement>('code-input'),
  codeError: element('code-error'),
  langSwitch: element<HTMLAnchorElement>('lang-switch'),
};

/* ---------- language ---------- */

const dictionaries: Record<string, Dictionary> = {};
let lang = LANGUAGES.includes(document.documentElement.lang)
  ? document.documentElement.lang
  : 'zh-CN';

async function dictionary(code: string): Promise<Dictionary> {
  const known = dictionaries[code];
  if (known) return known;
  const res = await fetch(`/verify/assets/i18n-${code}.json`);
  const loaded = (await res.json()) as Dictionary;
  dictionaries[code] = loaded;
  return loaded;
}

function t(key: string, params: Params = {}): string {
  return fill(dictionaries[lang]?.[key] ?? key, params);
}

/** The language to start in: a choice made on this page before, else the server's pick from
 * Accept-Language (it wrote <html lang>), else navigator.language when the browser sent none. */
function initialLanguage(): string {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked && LANGUAGES.includes(asked)) return asked;
  let stored: string | null = null;
  try {
    stored = localStorage.getItem('signet.lang');
  } catch {
    // storage may be off; the server's pick stands
  }
  if (stored && LANGUAGES.includes(stored)) return stored;
  if (document.documentElement.dataset.langSource === 'accept-language') return lang;
  const browser = navigator.languages?.[0] || navigator.language || '';
  if (/^zh\b/i.test(browser)) return 'zh-CN';
  if (/^en\b/i.test(browser)) return 'en';
  return lang;
}

async function setLanguage(code: string): Promise<void> {
  await dictionary(code);
  lang = code;
  document.documentElement.lang = t('lang.code');
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n ?? '');
  }
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n-attr]')) {
    for (const pair of (el.dataset.i18nAttr ?? '').split(';')) {
      const [attr = '', key = ''] = pair.split(':');
      el.setAttribute(attr, t(key));
    }
  }
  els.langSwitch.href = `?lang=${t('lang.otherCode')}`;
  renderProgress();
  renderCodeError();
  renderFileNotes();
  if (state.view) {
    // The same result in the other language, with the list of checks still open if it was.
    const opened = els.result.querySelector('details[open]');
    state.view();
    const details = els.result.querySelector('details');
    if (opened && details) details.open = true;
  }
}

els.langSwitch.addEventListener('click', async (event) => {
  event.preventDefault();
  const next = t('lang.otherCode');
  try {
    localStorage.setItem('signet.lang', next);
  } catch {
    // not remembered; the switch still works on this page
  }
  const url = new URL(location.href);
  url.searchParams.delete('lang');
  history.replaceState(history.state, '', url);
  await setLanguage(next);
});

/* ---------- formatting ---------- */

/** The page's language as the catalogues name it. */
function language(): Language {
  return REPORT_LANGUAGES.find((l) => l === lang) ?? 'zh-CN';
}

/** What the shared views (verification/page) need: the language, the zone, the dictionary. */
function words(): Words {
  return { language: language(), timeZone: TIME_ZONE, t };
}

/** A time in TIME_ZONE, which the page names (timeZoneRow). */
const formatDate = (iso: string | null | undefined, withTime = true): string =>
  formatTime(words(), iso, withTime);

/** A reason of the report in the page's language, its times in TIME_ZONE. */
const reasonText = (reason: Reason): string => wordsReasonText(words(), reason);

function formatSize(n: number): string {
  const number = (v: number, digits: number) =>
    new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(v);
  if (n < 1024) return t('size.bytes', { n: number(n, 0) });
  if (n < 1024 ** 2) return t('size.kb', { n: number(n / 1024, 1) });
  if (n < 1024 ** 3) return t('size.mb', { n: number(n / 1024 ** 2, 1) });
  return t('size.gb', { n: number(n / 1024 ** 3, 2) });
}

function formatPercent(fraction: number): string {
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(
    fraction,
  );
}

/* ---------- rendering ---------- */

/** Shows a view's markup (verification/page) as the result. */
function render(markup: Markup): HTMLElement {
  const node = toDom(markup) as HTMLElement;
  els.result.replaceChildren(node);
  return node;
}

/* ---------- state and views ---------- */

type View = () => void;

interface Message {
  title?: string;
  text: string;
  params?: Params;
  kind?: 'error' | 'info';
}

const state: {
  /** Renders the current result into #result; called again when the language changes. */
  view: View | null;
  /** The registry entry shown after a code look-up: a file chosen then is compared with it. */
  registry: PublicDocumentView | null;
  job: Job<unknown> | null;
  run: number;
  progress: { labelKey: string; done?: number; total?: number } | null;
  codeError: { key: string; params?: Params } | null;
} = {
  view: null,
  registry: null,
  job: null,
  run: 0,
  progress: null,
  codeError: null,
};

function show(view: View, { scroll = true } = {}): void {
  state.view = view;
  view();
  if (scroll) {
    const top = els.result.getBoundingClientRect().top;
    if (top > window.innerHeight * 0.6 || top < 0) {
      const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      els.result.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
    }
  }
}

function clearResult(): void {
  state.view = null;
  els.result.replaceChildren();
}

function announce(key: string | null): void {
  els.status.textContent = key ? t(key) : '';
}

function messageView({ title, text, params = {}, kind = 'error' }: Message): View {
  return () => {
    render(messageBox(kind, text, t(title ?? 'error.title'), t(text, params)));
  };
}

function showMessage(options: Message): void {
  hideProgress();
  show(messageView(options));
}

/* ---------- verdicts ---------- */

type Verdict = 'authentic' | 'failed' | 'unknown' | 'rescinded' | 'superseded';

/**
 * The plain-words verdict of a report: green only for TOTAL_PASSED, never "authentic" for a
 * rescinded or superseded document. A genuine signature on a withdrawn document is
 * "rescinded"/"superseded" whether or not the server counted the registry status into its
 * indication (the document_status check).
 */
function verdictOf(report: VerificationReport): Verdict {
  const registered = report.document?.registered;
  const withdrawn =
    registered && (registered.status === 'rescinded' || registered.status === 'superseded');
  if (withdrawn && (report.indication === 'TOTAL_PASSED' || statusOnly(report)))
    return registered.status as Verdict;
  if (report.indication === 'TOTAL_FAILED') return 'failed';
  if (report.indication !== 'TOTAL_PASSED') return 'unknown';
  if (registered && registered.status !== 'valid') return 'unknown';
  return 'authentic';
}

/** Whether every check that did not pass is the registry's document status. */
function statusOnly(report: VerificationReport): boolean {
  return (report.signatures || []).every((s) =>
    (s.checks || []).every(
      (c) => c.status === 'passed' || c.status === 'not_checked' || c.id === 'document_status',
    ),
  );
}

/** A result: its verdict's banner, then what supports it. */
function verdictArticle(verdict: string, lines: (string | null)[], ...children: Child[]): Markup {
  return article(
    verdict,
    { label: t('verdict.label'), title: t(`verdict.${verdict}`), lines },
    ...children,
  );
}

/** The department: its registry name, else the signer certificate's CN (SPEC: CN=<name>). */
function departmentName(
  report: VerificationReport,
  signature: SignatureReport | undefined,
): string | undefined {
  const registered = report.document?.registered;
  const signer = signature?.signer;
  return (
    registered?.department.name ||
    registered?.department.id ||
    signer?.name ||
    signer?.department ||
    signer?.subject
  );
}

/** The time of signing: the time-stamp's when a valid one proves it, else the signer's claim. */
function signingTime(signature: SignatureReport | undefined): string | null {
  if (!signature) return null;
  const ts = signature.timestamp;
  if (ts && ts.time && ts.valid !== false)
    return t('field.time.timestamp', { time: formatDate(ts.time) });
  if (signature.signingTime)
    return t('field.time.claimed', { time: formatDate(signature.signingTime) });
  return null;
}

function checksList(report: VerificationReport): Markup | null {
  const signatures = report.signatures || [];
  const count = signatures.reduce((n, s) => n + (s.checks?.length ?? 0), 0);
  if (count === 0) return null;
  return el(
    'details',
    { class: 'checks' },
    el('summary', {}, t('checks.summary', { count })),
    signatures.map((signature, i) => [
      signatures.length > 1 ? el('h3', {}, t('checks.signature', { n: i + 1 })) : null,
      el(
        'ul',
        { class: 'check-list' },
        (signature.checks || []).map((check) =>
          // Name and sentence from the catalogues the server and the CLI speak (issue 13).
          el(
            'li',
            { class: `check check--${check.status}`, 'data-check': check.id },
            iconMarkup(`check-${check.status}`, 'check-icon'),
            el(
              'div',
              {},
              el('span', { class: 'check-status' }, t(`check.status.${check.status}`)),
              ' ',
              el('span', { class: 'check-name' }, checkName(language(), check.id)),
              el(
                'p',
                { class: 'check-message', 'data-reason': check.reason.id },
                reasonText(check.reason),
              ),
            ),
          ),
        ),
      ),
    ]),
  );
}

/** What the latest PDF signature covers, from the report (its signed bytes and later changes). */
function pdfCoverage(report: VerificationReport): 'whole' | 'validationData' | 'changed' | null {
  const places = (report.signatures || []).flatMap((s) => (s.pdf ? [s.pdf] : []));
  const last = places.reduce<(typeof places)[number] | undefined>(
    (a, b) => (!a || b.signedBytes > a.signedBytes ? b : a),
    undefined,
  );
  if (!last) return null;
  if (last.changesAfterCount === 0) return 'whole';
  const onlyAllowed =
    last.changesAfter.length === last.changesAfterCount &&
    last.changesAfter.every((c) => c.allowed);
  return onlyAllowed ? 'validationData' : 'changed';
}

/** What the latest PDF signature covers, in the catalogues' words. */
function coverageReason(
  coverage: 'whole' | 'validationData' | 'changed',
  end: number,
  size: number,
): Reason {
  if (coverage === 'whole') return reason('coverage.whole');
  if (coverage === 'validationData') return reason('coverage.validation_data');
  return reason('coverage.changed', { end, size });
}

interface ReportContext {
  fileName: string;
  fileSize: number;
  /** The fingerprint shown: the digest sent, or the one the report gives. */
  digest?: { algorithm: string; value: string };
}

function reportView(
  report: VerificationReport & { receipt?: string },
  context: ReportContext,
): View {
  return () => {
    const coverage = pdfCoverage(report);
    const verdict = verdictOf(report);
    const registered = report.document?.registered;
    const first = (report.signatures || [])[0];
    const lastPdf = (report.signatures || []).reduce(
      (end, s) => Math.max(end, s.pdf?.signedBytes ?? 0),
      0,
    );
    const lines: (string | null)[] = [
      reasonText(reason(`verdict_text.${verdict}`)),
      reasonText(report.summaryReason),
    ];
    if (coverage === 'changed') lines.push(reasonText(reason('verdict_text.pdf_changed')));
    if (verdict === 'failed' || verdict === 'unknown')
      lines.push(
        report.subIndication ? reasonText(subIndicationReason(report.subIndication)) : null,
      );
    if ((verdict === 'rescinded' || verdict === 'superseded') && registered?.statusReason) {
      lines.push(t('verdict.reason', { reason: registered.statusReason }));
    }
    const digest = context.digest ?? report.document?.digest;
    render(
      verdictArticle(
        verdict,
        lines,
        facts([
          [t('field.department'), departmentName(report, first)],
          [t('field.time'), signingTime(first)],
          ...registryRows(words(), registered, context.fileName),
          [t('field.yourFile'), context.fileName],
          digest ? fingerprintRow(words(), digest.algorithm, digest.value) : null,
          coverage
            ? [t('field.pdfRange'), reasonText(coverageReason(coverage, lastPdf, context.fileSize))]
            : null,
          [t('field.signer'), first?.signer?.subject ?? null],
          timeZoneRow(words()),
        ]),
        report.law ? lawSection(words(), report.law) : null,
        receiptLink(report.receipt),
        checksList(report),
      ),
    );
  };
}

let receiptUrl: string | undefined;

/**
 * The signed validation receipt of the report (issue 19) as a download: DER CMS from the answer's
 * base64, kept as a blob URL until the next report replaces it.
 */
function receiptLink(receipt: string | undefined): Markup | null {
  if (receiptUrl) URL.revokeObjectURL(receiptUrl);
  receiptUrl = undefined;
  if (!receipt) return null;
  const der = Uint8Array.from(atob(receipt), (c) => c.charCodeAt(0));
  receiptUrl = URL.createObjectURL(new Blob([der], { type: 'application/pkcs7-mime' }));
  return el(
    'p',
    { class: 'receipt' },
    el(
      'a',
      { href: receiptUrl, download: 'signet-receipt.p7m', 'data-receipt': '' },
      t('receipt.download'),
    ),
    ' ',
    t('receipt.hint'),
  );
}

/**
 * A PDF this device cannot judge: never a verdict of its own. One larger than the server's limit
 * (MAX_PDF_BYTES) cannot be confirmed here at all; for a filter or structure the reader does not
 * take, the full check is offered, which uploads the file.
 */
function undecidedView(file: File, why: Undecided, detail?: string): View {
  return () => {
    // Above MAX_PDF_BYTES the server would refuse the file too (413 PDF_TOO_LARGE): no offer.
    const shown = render(
      why === 'too-large'
        ? verdictArticle('unknown', [t('undecided.tooLarge', { limit: formatSize(MAX_PDF_BYTES) })])
        : verdictArticle(
            'unknown',
            [t('undecided.unreadable'), t('undecided.offer')],
            el(
              'p',
              { class: 'full-check-row' },
              el(
                'button',
                { type: 'button', class: 'button full-check', 'data-action': 'full-check' },
                t('undecided.upload'),
              ),
            ),
          ),
    );
    shown.dataset.undecided = why;
    if (detail) shown.dataset.detail = detail;
    shown
      .querySelector('[data-action="full-check"]')
      ?.addEventListener('click', () => void fullCheck(file));
  };
}

/** A verification code's entry: the same markup the server renders into /verify/{code}. */
function registryView(entry: PublicDocumentView): View {
  return () => {
    render(registryArticle(words(), entry));
  };
}

/** A file without a signature, compared here with the digest of the registry entry shown. */
function comparisonView(entry: PublicDocumentView, digest: string, file: File): View {
  return () => {
    const same = digest.toLowerCase() === entry.digest.value.toLowerCase();
    const verdict = !same
      ? 'failed'
      : entry.status !== 'valid'
        ? entry.status
        : certificateFails(entry)
          ? 'unknown'
          : 'authentic';
    const lines: string[] = [
      reasonText(reason(same ? 'verdict_text.matches_registry' : 'verdict_text.differs_registry')),
    ];
    // The registry verdict's own sentence says why it is not green (rescinded, revoked...).
    if (same) lines.push(...registryLines(words(), entry));
    if (same && entry.status !== 'valid' && entry.statusReason)
      lines.push(t('verdict.reason', { reason: entry.statusReason }));
    render(
      verdictArticle(
        verdict,
        lines,
        facts([
          [t('field.department'), entry.department.name || entry.department.id],
          [t('field.signedAt'), formatDate(entry.signedAt)],
          ...registryRows(words(), entry, file.name),
          [t('field.yourFile'), file.name],
          fingerprintRow(words(), entry.digest.algorithm, digest),
          timeZoneRow(words()),
        ]),
      ),
    );
  };
}

/* ---------- progress ---------- */

function showProgress(labelKey: string, done?: number, total?: number): void {
  const phaseChanged = !state.progress || state.progress.labelKey !== labelKey;
  state.progress = { labelKey, done, total };
  if (phaseChanged) announce(labelKey);
  renderProgress();
}

let progressFrame = 0;
function renderProgress(): void {
  if (progressFrame) return;
  progressFrame = requestAnimationFrame(() => {
    progressFrame = 0;
    const p = state.progress;
    els.progress.hidden = !p;
    if (!p) return;
    els.progressLabel.textContent = t(p.labelKey);
    if (p.total !== undefined && p.total > 0 && p.done !== undefined) {
      const fraction = Math.min(1, p.done / p.total);
      els.progressBar.max = 100;
      els.progressBar.value = Math.round(fraction * 1000) / 10;
      els.progressText.textContent = t('progress.detail', {
        done: formatSize(p.done),
        total: formatSize(p.total),
        percent: formatPercent(fraction),
      });
    } else {
      els.progressBar.removeAttribute('value'); // indeterminate
      els.progressText.textContent = '';
    }
  });
}

function hideProgress(): void {
  state.progress = null;
  renderProgress();
}

/* ---------- files ---------- */

function renderFileNotes(): void {
  for (const input of [els.documentInput, els.signatureInput]) {
    const file = input.files?.[0];
    const note = element(input.id.replace('-input', '-chosen'));
    note.textContent = file
      ? t('file.chosen', { name: file.name, size: formatSize(file.size) })
      : t('file.none');
    note.classList.toggle('has-file', Boolean(file));
  }
}

function setFile(input: HTMLInputElement, file: File | null | undefined): void {
  const list = new DataTransfer();
  if (file) list.items.add(file);
  input.files = list.files;
}

async function head(file: Blob, n = 64): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, n).arrayBuffer());
}

async function isSignatureFile(file: File): Promise<boolean> {
  return SIGNATURE_EXTENSIONS.test(file.name) || looksLikeSignature(await head(file));
}

/** ISO 32000-1 7.5.2: `%PDF-` within the first PDF_HEADER_WINDOW bytes. */
async function isPdf(file: Blob): Promise<boolean> {
  const text = String.fromCharCode(...(await head(file, PDF_HEADER_WINDOW)));
  return text.includes('%PDF-');
}

async function onDrop(files: File[]): Promise<void> {
  if (files.length === 0) return;
  if (files.length > 2) {
    showMessage({ text: 'error.tooManyFiles.text', params: { count: files.length } });
    return;
  }
  const kinds = await Promise.all(files.map(isSignatureFile));
  const signatures = files.filter((_, i) => kinds[i]);
  const documents = files.filter((_, i) => !kinds[i]);
  if (signatures.length > 1 || documents.length > 1) {
    showMessage({ text: 'error.tooManyFiles.text', params: { count: files.length } });
    return;
  }
  if (documents[0]) {
    setFile(els.documentInput, documents[0]);
    // A new document without a signature of its own does not keep the previous one's.
    if (!signatures[0]) setFile(els.signatureInput, null);
  }
  if (signatures[0]) setFile(els.signatureInput, signatures[0]);
  renderFileNotes();
  await verifyFiles();
}

for (const input of [els.documentInput, els.signatureInput]) {
  input.addEventListener('change', async () => {
    const doc = els.documentInput.files?.[0];
    // A signature file chosen as the document goes where it belongs.
    if (
      input === els.documentInput &&
      doc &&
      !els.signatureInput.files?.[0] &&
      (await isSignatureFile(doc))
    ) {
      setFile(els.signatureInput, doc);
      setFile(els.documentInput, null);
    }
    renderFileNotes();
    await verifyFiles();
  });
}

els.fileForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void verifyFiles({ explicit: true });
});

els.fileForm.addEventListener('reset', () => {
  cancelJob();
  hideProgress();
  announce(null);
  setTimeout(() => {
    renderFileNotes();
    if (state.registry) show(registryView(state.registry), { scroll: false });
    else clearResult();
  });
});

let dragDepth = 0;
window.addEventListener('dragenter', (event) => {
  if (!event.dataTransfer || !Array.from(event.dataTransfer.types).includes('Files')) return;
  dragDepth++;
  els.dropzone.classList.add('dragging');
});
window.addEventListener('dragleave', () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) els.dropzone.classList.remove('dragging');
});
window.addEventListener('dragover', (event) => {
  event.preventDefault(); // files dropped anywhere on the page are checked, not opened
  if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
});
window.addEventListener('drop', (event) => {
  event.preventDefault();
  dragDepth = 0;
  els.dropzone.classList.remove('dragging');
  void onDrop(Array.from(event.dataTransfer?.files ?? []));
});

function cancelJob(): void {
  state.run++;
  state.job?.cancel();
  state.job = null;
}

/** Runs a worker job as the current one: cancelled when another file is chosen. */
async function current<T>(job: Job<T>): Promise<T> {
  state.job = job;
  const value = await job.promise;
  state.job = null;
  return value;
}

class Refusal extends Error {
  constructor(readonly options: Message) {
    super(options.text);
  }
}

const badSignature = (file: File): Refusal =>
  new Refusal({
    title: 'error.badSignature.title',
    text: 'error.badSignature.text',
    params: { file: file.name },
  });

/**
 * What to do with the chosen files; throws Refusal with the message to show.
 * - signature: hash the document under the hash the CMS names, send the digest and the CMS;
 * - pdf: the facts of a PDF's signatures, read here (the worker), are sent;
 * - undecided: a PDF this device cannot read; the full check is offered;
 * - compare: after a code look-up, a file is compared here with the registered digest;
 * - lookup: any other document alone is hashed and looked up in the registry by its digest.
 */
type Plan =
  | { mode: 'signature'; der: Uint8Array; algorithm: HashName; ranges: Range[] }
  | { mode: 'pdf'; facts: PdfFacts }
  | { mode: 'undecided'; why: Undecided; detail?: string }
  | { mode: 'compare'; algorithm: HashName; ranges: Range[] }
  | { mode: 'lookup'; algorithm: HashName; ranges: Range[] };

/** RFC 5652 5.3: the document is hashed under the digest algorithm of the signer. */
function signaturePlan(der: Uint8Array, doc: File, file: File): Plan {
  let cms;
  try {
    cms = parseSignedData(der);
  } catch {
    throw badSignature(file);
  }
  if (cms.contentType === OID_CT_TST_INFO) throw badSignature(file);
  const signer = cms.signerInfos[0];
  const algorithm = signer?.digestHash;
  if (!signer || !algorithm || !HASH_ALGORITHMS.includes(algorithm)) {
    const oid = signer?.digestAlgorithm.algorithm ?? '';
    throw new Refusal({
      text: 'error.digest.text',
      params: { algorithm: ALGORITHM_NAMES[oid] ?? oid },
    });
  }
  // An enveloping signature (`openssl cms -sign -stream` writes one, in BER) holds a copy of the
  // document: only its detached form is sent, and it is checked against the document chosen.
  let sent = der;
  if (cms.content) {
    try {
      sent = withoutContent(der);
    } catch {
      throw badSignature(file);
    }
  }
  return { mode: 'signature', der: sent, algorithm, ranges: [[0, doc.size]] };
}

async function plan(doc: File, signatureFile: File | undefined, explicit: boolean): Promise<Plan> {
  if (signatureFile) {
    if (signatureFile.size > MAX_SIGNATURE_BYTES) throw badSignature(signatureFile);
    let der: Uint8Array;
    try {
      der = signatureBytes(new Uint8Array(await signatureFile.arrayBuffer()));
    } catch (error) {
      if (!(error instanceof NotASignature)) throw error;
      throw badSignature(signatureFile);
    }
    return signaturePlan(der, doc, signatureFile);
  }
  if (await isPdf(doc)) {
    showProgress('progress.search');
    const read = await current(readPdfInBackground(doc));
    if ('undecided' in read) return { mode: 'undecided', why: read.undecided, detail: read.why };
    if (read.facts.signatures.length > 0) return { mode: 'pdf', facts: read.facts };
  }
  // After a code look-up, a file without a signature is compared with the registered digest (a
  // PDF's registered digest is of its signed byte ranges: only its own signature can say).
  if (state.registry && state.registry.format !== 'pades') {
    const algorithm = state.registry.digest.algorithm as HashName;
    return { mode: 'compare', algorithm, ranges: [[0, doc.size]] };
  }
  if (await isPdf(doc)) {
    throw new Refusal({
      title: 'error.noSignature.title',
      text: 'error.noSignature.text',
      params: { file: doc.name },
      kind: explicit ? 'error' : 'info',
    });
  }
  return { mode: 'lookup', algorithm: 'sha256', ranges: [[0, doc.size]] };
}

async function verifyFiles({ explicit = false } = {}): Promise<void> {
  cancelJob();
  const run = state.run;
  const doc = els.documentInput.files?.[0];
  const signatureFile = els.signatureInput.files?.[0];
  if (!doc) {
    if (signatureFile)
      showMessage({
        title: 'error.onlySignature.title',
        text: 'error.onlySignature.text',
        params: { file: signatureFile.name },
        kind: explicit ? 'error' : 'info',
      });
    else if (explicit) showMessage({ text: 'error.noFile' });
    return;
  }
  clearResult();
  try {
    const p = await plan(doc, signatureFile, explicit);
    if (run !== state.run) return;
    const context = { fileName: doc.name, fileSize: doc.size };
    if (p.mode === 'undecided') {
      hideProgress();
      announce(null);
      show(undecidedView(doc, p.why, p.detail));
      return;
    }
    if (p.mode === 'pdf') {
      await sendAndShow(run, { pdf: toJson(p.facts) }, context);
      return;
    }
    showProgress(
      'progress.hashing',
      0,
      p.ranges.reduce((n, [s, e]) => n + e - s, 0),
    );
    const digest = await current(
      hashInBackground(doc, p.ranges, p.algorithm, (done, total) => {
        if (run === state.run) showProgress('progress.hashing', done, total);
      }),
    );
    if (run !== state.run) return;
    if (p.mode === 'compare') {
      hideProgress();
      announce('progress.done');
      if (state.registry) show(comparisonView(state.registry, digest, doc));
      return;
    }
    const sent = { algorithm: p.algorithm, value: digest };
    if (p.mode === 'lookup') {
      await lookUpDigest(run, sent, doc, explicit);
      return;
    }
    await sendAndShow(
      run,
      { digest: sent, signature: toBase64(p.der) },
      { ...context, digest: sent },
    );
  } catch (error) {
    if (run !== state.run || (error as Error)?.name === 'AbortError') return;
    if (error instanceof Refusal) showMessage(error.options);
    else if (error instanceof TypeError && /fetch|network/i.test(error.message))
      showMessage({ text: 'error.network' });
    else showMessage({ text: 'error.read.text', params: { file: doc.name } }); // NotReadableError
  }
}

/** POSTs a verification and shows the report, unless another file was chosen meanwhile. */
async function sendAndShow(
  run: number,
  body: RequestInit['body'] | object,
  context: ReportContext,
): Promise<void> {
  showProgress('progress.sending');
  const report = await postVerify(body, { receipt: true });
  if (run !== state.run) return;
  hideProgress();
  announce(null);
  show(reportView(report, context));
}

/**
 * A document alone, without a signature: only its digest is sent, and the registry's entry for
 * it (the report's document.registered) is shown as a code look-up's comparison would be.
 */
async function lookUpDigest(
  run: number,
  digest: { algorithm: HashName; value: string },
  doc: File,
  explicit: boolean,
): Promise<void> {
  showProgress('progress.sending');
  const report = await postVerify({ digest });
  if (run !== state.run) return;
  const entry = report.document?.registered;
  if (entry) {
    hideProgress();
    announce(null);
    show(comparisonView(entry, digest.value, doc));
    return;
  }
  showMessage({
    title: 'error.noSignature.title',
    text: 'error.noSignature.text',
    params: { file: doc.name },
    kind: explicit ? 'error' : 'info',
  });
}

/**
 * The full check, when the reader asked for it after being told: the PDF itself is uploaded to
 * POST /api/v1/verify, and the server reads it.
 */
async function fullCheck(file: File): Promise<void> {
  cancelJob();
  const run = state.run;
  const form = new FormData();
  form.append('document', file, file.name);
  try {
    await sendAndShow(run, form, { fileName: file.name, fileSize: file.size });
  } catch (error) {
    if (run !== state.run) return;
    if (error instanceof Refusal) showMessage(error.options);
    else showMessage({ text: 'error.network' });
  }
}

/** POST /api/v1/verify; with `receipt`, the answer carries the signed receipt too (?receipt=1). */
async function postVerify(
  body: RequestInit['body'] | object,
  { receipt = false } = {},
): Promise<VerificationReport & { receipt?: string }> {
  const url = receipt ? '/api/v1/verify?receipt=1' : '/api/v1/verify';
  const res =
    body instanceof FormData
      ? await fetch(url, {
          method: 'POST',
          headers: { accept: 'application/json' },
          body,
        })
      : await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(body),
        });
  if (res.ok) return (await res.json()) as VerificationReport;
  throw new Refusal(await apiRefusal(res, 'error.rejected'));
}

async function apiRefusal(res: Response, clientErrorKey: string): Promise<Message> {
  let code = String(res.status);
  try {
    const body = (await res.json()) as { error?: { code?: string } };
    if (body?.error?.code) code = body.error.code;
  } catch {
    // not JSON: the status stands for the code
  }
  if (res.status === 429) return { text: 'error.rateLimited' };
  if (res.status >= 500) return { text: 'error.server', params: { code } };
  return { text: clientErrorKey, params: { code } };
}

/* ---------- verification codes ---------- */

function renderCodeError(): void {
  const e = state.codeError;
  els.codeError.hidden = !e;
  els.codeError.textContent = e ? t(e.key, e.params) : '';
  if (e) els.codeInput.setAttribute('aria-invalid', 'true');
  else els.codeInput.removeAttribute('aria-invalid');
}

function setCodeError(error: { key: string; params?: Params } | null): void {
  state.codeError = error;
  renderCodeError();
  if (error) els.codeInput.focus();
}

els.codeForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const typed = els.codeInput.value.trim();
  const cleaned = typed.replace(/[\s-]/g, '').toUpperCase();
  if (!cleaned) return setCodeError({ key: 'error.codeEmpty' });
  const wrong = [...new Set(cleaned)].filter((c) => !CODE_ALPHABET.includes(c));
  if (wrong.length)
    return setCodeError({ key: 'error.codeChars', params: { chars: wrong.join(' ') } });
  if (cleaned.length !== CODE_LENGTH)
    return setCodeError({
      key: 'error.codeFormat',
      params: { code: typed, count: cleaned.length },
    });
  setCodeError(null);
  void lookUp(cleaned, { push: true });
});

els.codeInput.addEventListener('input', () => {
  if (state.codeError) setCodeError(null);
});

async function lookUp(code: string, { push = false } = {}): Promise<void> {
  cancelJob();
  const run = state.run;
  hideProgress();
  announce('progress.lookup');
  try {
    const res = await fetch(`/api/v1/documents/${encodeURIComponent(code)}`, {
      headers: { accept: 'application/json' },
    });
    if (run !== state.run) return;
    announce(null);
    if (res.status === 404) {
      state.registry = null;
      show(() => render(notFoundMessage(words(), code)));
      return;
    }
    if (!res.ok) throw new Refusal(await apiRefusal(res, 'error.server'));
    const entry = (await res.json()) as PublicDocumentView;
    state.registry = entry;
    els.codeInput.value = entry.verificationCode;
    if (push)
      history.pushState(
        { code: entry.verificationCode },
        '',
        `/verify/${entry.verificationCode}${location.search}`,
      );
    show(registryView(entry));
  } catch (error) {
    if (run !== state.run) return;
    if (error instanceof Refusal) showMessage(error.options);
    else showMessage({ text: 'error.network' });
  }
}

/* ---------- start ---------- */

function codeFromPath(): string | null {
  const m = /^\/verify\/([^/]+)\/?$/.exec(location.pathname);
  const raw = m?.[1];
  if (raw === undefined) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * Shows what the address names. The server already wrote the registry verdict of /verify/{code}
 * into the page (for readers without JavaScript); the look-up renders the same markup, and keeps
 * the entry to compare a chosen file with.
 */
async function route(): Promise<void> {
  const code = codeFromPath();
  if (code) {
    els.codeInput.value = code;
    await lookUp(code);
  } else {
    state.registry = null;
    els.codeInput.value = '';
    clearResult();
  }
}

window.addEventListener('popstate', () => void route());

async function start(): Promise<void> {
  try {
    await dictionary(lang);
  } catch {
    // The page is already in this language (the server wrote it); only new messages would lack words.
  }
  const initial = initialLanguage();
  if (initial !== lang) await setLanguage(initial);
  await route();
  document.documentElement.dataset.ready = 'true';
}

void start();

/**
 * The citizen verification page (issue 6). Three ways in: a file (a signed PDF, or a document and its
 * .p7s), a typed verification code, or /verify/{code} from a QR code. The document never leaves the
 * browser: it is hashed here and only the digest and the signature are sent to POST /api/v1/verify.
 * Every string comes from one dictionary per language (i18n-zh-CN.json, i18n-en.json).
 */
import { HASH_ALGORITHMS } from './hash.js';
import { hashInBackground } from './hashing.js';
import {
  inspectSignedData,
  looksLikeSignature,
  NotASignature,
  signatureBytes,
  toBase64,
} from './cms.js';
import { isPdf, lastPdfSignature } from './pdf-signature.js';
import { badge, icon, VERDICT_ICONS } from './icons.js';

const LANGUAGES = ['zh-CN', 'en'];
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 16;
const MAX_SIGNATURE_BYTES = 32 * 1024 * 1024;
const SIGNATURE_EXTENSIONS = /\.(p7s|p7m|p7|sig|pem)$/i;

const $ = (id) => document.getElementById(id);
const els = {
  result: $('result'),
  status: $('status'),
  fileForm: $('file-form'),
  documentInput: $('document-input'),
  signatureInput: $('signature-input'),
  dropzone: $('dropzone'),
  progress: $('progress'),
  progressLabel: $('progress-label'),
  progressBar: $('progress-bar'),
  progressText: $('progress-text'),
  codeForm: $('code-form'),
  codeInput: $('code-input'),
  codeError: $('code-error'),
  langSwitch: $('lang-switch'),
};

/* ---------- language ---------- */

const dictionaries = {};
let lang = LANGUAGES.includes(document.documentElement.lang)
  ? document.documentElement.lang
  : 'zh-CN';

async function dictionary(code) {
  if (!dictionaries[code]) {
    const res = await fetch(`/verify/assets/i18n-${code}.json`);
    dictionaries[code] = await res.json();
  }
  return dictionaries[code];
}

function t(key, params = {}) {
  const text = dictionaries[lang]?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) =>
    params[name] === undefined ? '' : String(params[name]),
  );
}

/** The language to start in: a choice made on this page before, else the server's pick from
 * Accept-Language (it wrote <html lang>), else navigator.language when the browser sent none. */
function initialLanguage() {
  const asked = new URLSearchParams(location.search).get('lang');
  if (LANGUAGES.includes(asked)) return asked;
  let stored = null;
  try {
    stored = localStorage.getItem('signet.lang');
  } catch {
    // storage may be off; the server's pick stands
  }
  if (LANGUAGES.includes(stored)) return stored;
  if (document.documentElement.dataset.langSource === 'accept-language') return lang;
  const browser = (navigator.languages && navigator.languages[0]) || navigator.language || '';
  if (/^zh\b/i.test(browser)) return 'zh-CN';
  if (/^en\b/i.test(browser)) return 'en';
  return lang;
}

async function setLanguage(code) {
  await dictionary(code);
  lang = code;
  document.documentElement.lang = t('lang.code');
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
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

function formatDate(iso, withTime = true) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(
    lang,
    withTime ? { dateStyle: 'long', timeStyle: 'long' } : { dateStyle: 'long' },
  ).format(date);
}

function formatSize(n) {
  const number = (v, digits) =>
    new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(v);
  if (n < 1024) return t('size.bytes', { n: number(n, 0) });
  if (n < 1024 ** 2) return t('size.kb', { n: number(n / 1024, 1) });
  if (n < 1024 ** 3) return t('size.mb', { n: number(n / 1024 ** 2, 1) });
  return t('size.gb', { n: number(n / 1024 ** 3, 2) });
}

function formatPercent(fraction) {
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(
    fraction,
  );
}

function formatCode(code) {
  return (code.match(/.{1,4}/g) || []).join('-');
}

const ALGORITHM_NAMES = {
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
  sha1: 'SHA-1',
  sm3: 'SM3',
};

/* ---------- DOM building ---------- */

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.className = value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/* ---------- state and views ---------- */

const state = {
  /** Renders the current result into #result; called again when the language changes. */
  view: null,
  /** The registry entry shown after a code look-up: a file chosen then is compared with it. */
  registry: null,
  job: null,
  run: 0,
  progress: null,
  codeError: null,
};

function show(view, { scroll = true } = {}) {
  state.view = view;
  view();
  if (scroll && view) {
    const top = els.result.getBoundingClientRect().top;
    if (top > window.innerHeight * 0.6 || top < 0) {
      const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      els.result.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
    }
  }
}

function clearResult() {
  state.view = null;
  els.result.replaceChildren();
}

function announce(key) {
  els.status.textContent = key ? t(key) : '';
}

function messageView({ title, text, params = {}, kind = 'error' }) {
  return () => {
    els.result.replaceChildren(
      h(
        'div',
        { class: `message message--${kind}`, 'data-message': text },
        icon(kind === 'error' ? 'alert' : 'info', 'message-icon'),
        h(
          'div',
          {},
          h('h2', { class: 'message-title' }, t(title ?? 'error.title')),
          h('p', {}, t(text, params)),
        ),
      ),
    );
  };
}

function showMessage(options) {
  hideProgress();
  show(messageView(options));
}

/* ---------- verdicts ---------- */

/**
 * The plain-words verdict of a report: never "authentic" for a rescinded or superseded document.
 * A genuine signature on a withdrawn document is "rescinded"/"superseded" whether or not the server
 * counted the registry status into its indication (the document_status check).
 */
function verdictOf(report) {
  const registered = report.document && report.document.registered;
  const withdrawn =
    registered && (registered.status === 'rescinded' || registered.status === 'superseded');
  if (withdrawn && (report.indication === 'TOTAL_PASSED' || statusOnly(report)))
    return registered.status;
  if (report.indication === 'TOTAL_FAILED') return 'failed';
  if (report.indication !== 'TOTAL_PASSED') return 'unknown';
  if (registered && registered.status !== 'valid') return 'unknown';
  return 'authentic';
}

/** Whether every check that did not pass is the registry's document status. */
function statusOnly(report) {
  return (report.signatures || []).every((s) =>
    (s.checks || []).every(
      (c) => c.status === 'passed' || c.status === 'not_checked' || c.id === 'document_status',
    ),
  );
}

function subIndicationText(code) {
  if (!code) return null;
  const key = `sub.${code}`;
  return dictionaries[lang]?.[key] ? t(key) : t('sub.other', { code });
}

function banner(verdict, { label, title, lines }) {
  return h(
    'div',
    { class: 'verdict-banner' },
    icon(VERDICT_ICONS[verdict], 'verdict-icon'),
    h(
      'div',
      { class: 'verdict-words' },
      h('p', { class: 'verdict-label' }, label),
      h('h2', { class: 'verdict-title', id: 'verdict-title' }, title),
      lines.filter(Boolean).map((line) => h('p', { class: 'verdict-text' }, line)),
    ),
  );
}

function facts(rows) {
  return h(
    'dl',
    { class: 'facts' },
    rows
      .filter((row) => row && row[1] !== undefined && row[1] !== null && row[1] !== '')
      .map(([term, value, attrs]) =>
        h('div', { class: 'fact' }, h('dt', {}, term), h('dd', attrs || {}, value)),
      ),
  );
}

function statusValue(entry) {
  if (!entry) return t('registry.notRegistered');
  const parts = [badge(entry.status, t(`status.${entry.status}`))];
  if (entry.status !== 'valid' && entry.statusChangedAt)
    parts.push(' ', formatDate(entry.statusChangedAt));
  return h('span', {}, parts);
}

function codeLink(code) {
  return h('a', { href: `/verify/${code}`, class: 'code' }, code);
}

function registryRows(entry, yourFileName) {
  if (!entry) return [[t('field.status'), t('registry.notRegistered')]];
  return [
    [t('field.status'), statusValue(entry)],
    entry.status !== 'valid' && entry.statusReason ? [t('field.reason'), entry.statusReason] : null,
    entry.supersededBy
      ? [t('field.replacement'), codeLink(entry.supersededBy.verificationCode)]
      : null,
    [t('field.code'), codeLink(entry.verificationCode)],
    entry.fileName !== yourFileName ? [t('field.fileName'), entry.fileName] : null,
  ];
}

/** The department: its registry name, else the signer certificate's CN (SPEC: CN=<name>). */
function departmentName(report, signature) {
  const registered = report.document && report.document.registered;
  const signer = (signature && signature.signer) || {};
  return (
    (registered &&
      registered.department &&
      (registered.department.name || registered.department.id)) ||
    signer.name ||
    signer.department ||
    signer.subject
  );
}

/** The time of signing: the time-stamp's when a valid one proves it, else the signer's claim. */
function signingTime(signature) {
  if (!signature) return null;
  const ts = signature.timestamp;
  if (ts && ts.time && ts.valid !== false)
    return t('field.time.timestamp', { time: formatDate(ts.time) });
  if (signature.signingTime)
    return t('field.time.claimed', { time: formatDate(signature.signingTime) });
  return null;
}

function signerCertificate(signature) {
  const signer = signature && signature.signer;
  return (signer && signer.subject) || null;
}

function checksList(report) {
  const signatures = report.signatures || [];
  const count = signatures.reduce((n, s) => n + ((s.checks && s.checks.length) || 0), 0);
  if (count === 0) return null;
  return h(
    'details',
    { class: 'checks' },
    h('summary', {}, t('checks.summary', { count })),
    signatures.map((signature, i) => [
      signatures.length > 1 ? h('h3', {}, t('checks.signature', { n: i + 1 })) : null,
      h(
        'ul',
        { class: 'check-list' },
        (signature.checks || []).map((check) => {
          const d = dictionaries[lang] || {};
          const name = d[`check.${check.id}`] || check.name || check.id;
          // The server's sentence is the most precise; a language it does not speak gets the
          // dictionary's sentence for this check and status, or the server's, marked as English.
          const own = d[`check.${check.id}.${check.status}`];
          const message = (lang === 'en' && check.message) || own || check.message;
          const english = message === check.message && lang !== 'en';
          return h(
            'li',
            { class: `check check--${check.status}`, 'data-check': check.id },
            icon(`check-${check.status}`, 'check-icon'),
            h(
              'div',
              {},
              h('span', { class: 'check-status' }, t(`check.status.${check.status}`)),
              ' ',
              h('span', { class: 'check-name' }, name),
              message
                ? h('p', { class: 'check-message', lang: english ? 'en' : undefined }, message)
                : null,
            ),
          );
        }),
      ),
    ]),
  );
}

function pdfRange(pdf, size) {
  if (pdf.appended === 'none') return t('field.pdfRange.whole');
  if (pdf.appended === 'validation-data') return t('field.pdfRange.validationData');
  return t('field.pdfRange.changed', { end: pdf.byteRange[2] + pdf.byteRange[3], size });
}

function reportView(report, context) {
  return () => {
    const pdf = context.pdf;
    const pdfChanged = pdf && pdf.appended === 'changes';
    let verdict = verdictOf(report);
    // The signature covers an earlier revision and the PDF was changed since: never "authentic".
    if (pdfChanged && verdict === 'authentic') verdict = 'unknown';
    const registered = report.document && report.document.registered;
    const first = (report.signatures || [])[0];
    const lines = [t(`verdict.${verdict}.text`)];
    if (pdfChanged) lines.push(t('verdict.pdfChanged'));
    if (verdict === 'failed' || verdict === 'unknown')
      lines.push(subIndicationText(report.subIndication));
    if ((verdict === 'rescinded' || verdict === 'superseded') && registered.statusReason) {
      lines.push(t('verdict.reason', { reason: registered.statusReason }));
    }
    els.result.replaceChildren(
      h(
        'article',
        {
          class: `verdict verdict--${verdict}`,
          'data-verdict': verdict,
          'aria-labelledby': 'verdict-title',
        },
        banner(verdict, { label: t('verdict.label'), title: t(`verdict.${verdict}`), lines }),
        facts([
          [t('field.department'), departmentName(report, first)],
          [t('field.time'), signingTime(first)],
          ...registryRows(registered, context.fileName),
          [t('field.yourFile'), context.fileName],
          [
            t('field.fingerprint', { algorithm: ALGORITHM_NAMES[context.digest.algorithm] }),
            context.digest.value,
            { class: 'digest' },
          ],
          pdf ? [t('field.pdfRange'), pdfRange(pdf, context.fileSize)] : null,
          [t('field.signer'), signerCertificate(first)],
        ]),
        checksList(report),
      ),
    );
  };
}

function registryView(entry) {
  return () => {
    const verdict = `registry-${entry.status}`;
    const department = entry.department.name || entry.department.id;
    const lines = [t('registry.text', { department, date: formatDate(entry.signedAt, false) })];
    if (entry.status !== 'valid' && entry.statusReason)
      lines.push(t('verdict.reason', { reason: entry.statusReason }));
    els.result.replaceChildren(
      h(
        'article',
        {
          class: `verdict verdict--${verdict}`,
          'data-verdict': verdict,
          'aria-labelledby': 'verdict-title',
        },
        banner(verdict, {
          label: t('registry.heading'),
          title: t(`status.${entry.status}`),
          lines,
        }),
        facts([
          [t('field.department'), department],
          [t('field.signedAt'), formatDate(entry.signedAt)],
          ...registryRows(entry),
          [
            t('field.fingerprint', {
              algorithm: ALGORITHM_NAMES[entry.digest.algorithm] || entry.digest.algorithm,
            }),
            entry.digest.value,
            { class: 'digest' },
          ],
        ]),
        h('p', { class: 'registry-hint' }, t('registry.checkFile')),
      ),
    );
  };
}

/** A file without a signature, compared here with the digest of the registry entry shown. */
function comparisonView(entry, digest, file) {
  return () => {
    const same = digest.toLowerCase() === entry.digest.value.toLowerCase();
    const verdict = !same ? 'failed' : entry.status === 'valid' ? 'authentic' : entry.status;
    const lines = [t(same ? 'verdict.matchesRegistry' : 'verdict.differsRegistry')];
    if (same && entry.status !== 'valid') {
      lines.push(t(`verdict.${verdict}.text`));
      if (entry.statusReason) lines.push(t('verdict.reason', { reason: entry.statusReason }));
    }
    els.result.replaceChildren(
      h(
        'article',
        {
          class: `verdict verdict--${verdict}`,
          'data-verdict': verdict,
          'aria-labelledby': 'verdict-title',
        },
        banner(verdict, { label: t('verdict.label'), title: t(`verdict.${verdict}`), lines }),
        facts([
          [t('field.department'), entry.department.name || entry.department.id],
          [t('field.signedAt'), formatDate(entry.signedAt)],
          ...registryRows(entry, file.name),
          [t('field.yourFile'), file.name],
          [
            t('field.fingerprint', { algorithm: ALGORITHM_NAMES[entry.digest.algorithm] }),
            digest,
            { class: 'digest' },
          ],
        ]),
      ),
    );
  };
}

/* ---------- progress ---------- */

function showProgress(labelKey, done, total) {
  const phaseChanged = !state.progress || state.progress.labelKey !== labelKey;
  state.progress = { labelKey, done, total };
  if (phaseChanged) announce(labelKey);
  renderProgress();
}

let progressFrame = 0;
function renderProgress() {
  if (progressFrame) return;
  progressFrame = requestAnimationFrame(() => {
    progressFrame = 0;
    const p = state.progress;
    els.progress.hidden = !p;
    if (!p) return;
    els.progressLabel.textContent = t(p.labelKey);
    if (p.total > 0 && p.done !== undefined) {
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

function hideProgress() {
  state.progress = null;
  renderProgress();
}

/* ---------- files ---------- */

function renderFileNotes() {
  for (const input of [els.documentInput, els.signatureInput]) {
    const file = input.files && input.files[0];
    const note = document.getElementById(input.id.replace('-input', '-chosen'));
    note.textContent = file
      ? t('file.chosen', { name: file.name, size: formatSize(file.size) })
      : t('file.none');
    note.classList.toggle('has-file', Boolean(file));
  }
}

function setFile(input, file) {
  const list = new DataTransfer();
  if (file) list.items.add(file);
  input.files = list.files;
}

async function head(file, n = 64) {
  return new Uint8Array(await file.slice(0, n).arrayBuffer());
}

async function isSignatureFile(file) {
  return SIGNATURE_EXTENSIONS.test(file.name) || looksLikeSignature(await head(file));
}

async function onDrop(files) {
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
    const doc = els.documentInput.files[0];
    // A signature file chosen as the document goes where it belongs.
    if (
      input === els.documentInput &&
      doc &&
      !els.signatureInput.files[0] &&
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
  const files = Array.from((event.dataTransfer && event.dataTransfer.files) || []);
  void onDrop(files);
});

function cancelJob() {
  state.run++;
  if (state.job) state.job.cancel();
  state.job = null;
}

class Refusal extends Error {
  constructor(options) {
    super(options.text);
    this.options = options;
  }
}

/** What to hash and what to send for the chosen files; throws Refusal with the message to show. */
async function plan(doc, signatureFile, explicit) {
  if (signatureFile) {
    if (signatureFile.size > MAX_SIGNATURE_BYTES) {
      throw new Refusal({
        title: 'error.badSignature.title',
        text: 'error.badSignature.text',
        params: { file: signatureFile.name },
      });
    }
    let der;
    let info;
    try {
      der = signatureBytes(new Uint8Array(await signatureFile.arrayBuffer()));
      info = inspectSignedData(der);
    } catch (error) {
      if (!(error instanceof NotASignature)) throw error;
      throw new Refusal({
        title: 'error.badSignature.title',
        text: 'error.badSignature.text',
        params: { file: signatureFile.name },
      });
    }
    if (info.timestampToken) {
      throw new Refusal({
        title: 'error.badSignature.title',
        text: 'error.badSignature.text',
        params: { file: signatureFile.name },
      });
    }
    if (info.attached)
      throw new Refusal({ text: 'error.attached.text', params: { file: signatureFile.name } });
    return {
      mode: 'signature',
      der,
      algorithm: info.digestAlgorithm,
      algorithmOid: info.digestOid,
      ranges: [[0, doc.size]],
    };
  }
  if (await isPdf(doc)) {
    showProgress('progress.search');
    const found = await lastPdfSignature(doc, (fraction) =>
      showProgress('progress.search', fraction, 1),
    );
    if (found) {
      const [a, b, c, d] = found.byteRange;
      return {
        mode: 'signature',
        der: found.cms,
        algorithm: found.digestAlgorithm,
        algorithmOid: '',
        ranges: [
          [a, a + b],
          [c, c + d],
        ],
        pdf: found,
      };
    }
  }
  // After a code look-up, a file without a signature is compared with the registered digest (a
  // PDF's registered digest is of its signed byte ranges: only its own signature can say).
  if (state.registry && state.registry.format !== 'pades')
    return { mode: 'compare', algorithm: state.registry.digest.algorithm, ranges: [[0, doc.size]] };
  throw new Refusal({
    title: 'error.noSignature.title',
    text: 'error.noSignature.text',
    params: { file: doc.name },
    kind: explicit ? 'error' : 'info',
  });
}

async function verifyFiles({ explicit = false } = {}) {
  cancelJob();
  const run = state.run;
  const doc = els.documentInput.files[0];
  const signatureFile = els.signatureInput.files[0];
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
    if (!HASH_ALGORITHMS.includes(p.algorithm)) {
      throw new Refusal({
        text: 'error.digest.text',
        params: { algorithm: ALGORITHM_NAMES[p.algorithm] || p.algorithm || p.algorithmOid },
      });
    }
    showProgress(
      'progress.hashing',
      0,
      p.ranges.reduce((n, [s, e]) => n + e - s, 0),
    );
    state.job = hashInBackground(doc, p.ranges, p.algorithm, (done, total) => {
      if (run === state.run) showProgress('progress.hashing', done, total);
    });
    const digest = await state.job.promise;
    state.job = null;
    if (run !== state.run) return;
    if (p.mode === 'compare') {
      hideProgress();
      announce('progress.done');
      show(comparisonView(state.registry, digest, doc));
      return;
    }
    showProgress('progress.sending');
    const report = await postVerify({
      digest: { algorithm: p.algorithm, value: digest },
      signature: toBase64(p.der),
    });
    if (run !== state.run) return;
    hideProgress();
    announce(null);
    show(
      reportView(report, {
        fileName: doc.name,
        fileSize: doc.size,
        digest: { algorithm: p.algorithm, value: digest },
        pdf: p.pdf,
      }),
    );
  } catch (error) {
    if (run !== state.run || (error && error.name === 'AbortError')) return;
    if (error instanceof Refusal) showMessage(error.options);
    else if (error instanceof TypeError && /fetch|network/i.test(error.message))
      showMessage({ text: 'error.network' });
    else showMessage({ text: 'error.read.text', params: { file: doc.name } }); // NotReadableError
  }
}

async function postVerify(body) {
  const res = await fetch('/api/v1/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.ok) return res.json();
  throw new Refusal(await apiRefusal(res, 'error.rejected'));
}

async function apiRefusal(res, clientErrorKey) {
  let code = String(res.status);
  try {
    const body = await res.json();
    if (body && body.error && body.error.code) code = body.error.code;
  } catch {
    // not JSON: the status stands for the code
  }
  if (res.status === 429) return { text: 'error.rateLimited' };
  if (res.status >= 500) return { text: 'error.server', params: { code } };
  return { text: clientErrorKey, params: { code } };
}

/* ---------- verification codes ---------- */

function renderCodeError() {
  const e = state.codeError;
  els.codeError.hidden = !e;
  els.codeError.textContent = e ? t(e.key, e.params) : '';
  if (e) els.codeInput.setAttribute('aria-invalid', 'true');
  else els.codeInput.removeAttribute('aria-invalid');
}

function setCodeError(error) {
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

async function lookUp(code, { push = false } = {}) {
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
      const shown = /^[0-9A-Z]{16}$/i.test(code) ? formatCode(code.toUpperCase()) : code;
      show(
        messageView({
          title: 'error.notFound.title',
          text: 'error.notFound.text',
          params: { code: shown },
        }),
      );
      return;
    }
    if (!res.ok) throw new Refusal(await apiRefusal(res, 'error.server'));
    const entry = await res.json();
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

function codeFromPath() {
  const m = /^\/verify\/([^/]+)\/?$/.exec(location.pathname);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

function route() {
  const code = codeFromPath();
  if (code) {
    els.codeInput.value = code;
    void lookUp(code);
  } else {
    state.registry = null;
    els.codeInput.value = '';
    clearResult();
  }
}

window.addEventListener('popstate', route);

async function start() {
  try {
    await dictionary(lang);
  } catch {
    // The page is already in this language (the server wrote it); only new messages would lack words.
  }
  const initial = initialLanguage();
  if (initial !== lang) await setLanguage(initial);
  route();
  document.documentElement.dataset.ready = 'true';
}

void start();

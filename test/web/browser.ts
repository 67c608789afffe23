/**
 * Driving the verification page in Debian's Chromium with playwright-core (STACK.md "Browser"):
 * launching, watching every request a page makes, dropping files, reading the verdict and the
 * visible text, running axe-core, and signed PDFs made for the page to take apart.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
  type Request,
} from 'playwright-core';

// Functions given to page.evaluate run in the browser: its globals, for these files only
// (tsconfig has no DOM library).
declare const window: any, document: any, DataTransfer: any, DragEvent: any, File: any;
declare const NodeFilter: any, getComputedStyle: any;

export const CHROMIUM = process.env.SIGNET_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the screenshots go; the test prints it, and .gitignore keeps it out of the repository. */
export const SCREENSHOTS =
  process.env.SIGNET_SCREENSHOT_DIR ?? join(__dirname, '..', '..', 'test-output', 'screenshots');

export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: apt-get install -y --no-install-recommends chromium (.ci/run does).`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** A request the page made, with its body, kept for the privacy assertions. */
export interface Sent {
  method: string;
  url: string;
  body: Buffer | null;
}

export interface Watched {
  context: BrowserContext;
  page: Page;
  /** Every request of the context: pages and their workers. */
  sent: Sent[];
  /** Console errors, uncaught exceptions and Content-Security-Policy violations. */
  problems: string[];
}

export async function openPage(
  browser: Browser,
  url: string,
  options: BrowserContextOptions & { locale?: string } = {},
): Promise<Watched> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    reducedMotion: 'reduce',
    ...DESKTOP,
    ...options,
  });
  const sent: Sent[] = [];
  const problems: string[] = [];
  context.on('request', (r: Request) =>
    sent.push({ method: r.method(), url: r.url(), body: r.postDataBuffer() }),
  );
  // CSP violations are reported to the page; record them where the test can read them.
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e: any) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // A 404 of a look-up the page expects (an unknown code) is logged by Chromium; it is not a fault.
    if (m.type() === 'error' && !/status of 404/.test(m.text())) problems.push(m.text());
  });
  await page.goto(url);
  await page.waitForSelector('html[data-ready]');
  return { context, page, sent, problems };
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__violations as string[]);
}

export interface DroppedFile {
  name: string;
  bytes: Buffer;
  type?: string;
}

/** Drops files on the page's drop zone, as a drag from the desktop does. */
export async function dropFiles(page: Page, files: DroppedFile[]): Promise<void> {
  await page.evaluate(
    (list) => {
      const transfer = new DataTransfer();
      for (const f of list) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], f.name, { type: f.type }));
      }
      const zone = document.getElementById('dropzone');
      for (const type of ['dragenter', 'dragover', 'drop']) {
        zone.dispatchEvent(
          new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }),
        );
      }
    },
    files.map((f) => ({
      name: f.name,
      type: f.type ?? 'application/octet-stream',
      base64: f.bytes.toString('base64'),
    })),
  );
}

export interface Shown {
  verdict: string;
  title: string;
  text: string;
  /** The banner's background colour, as the browser computed it. */
  background: string;
  icon: string | null;
}

/** Waits for a verdict (a report, a registry entry or a comparison) and reads it. */
export async function verdict(page: Page, timeout = 60_000): Promise<Shown> {
  const article = page.locator('#result [data-verdict]');
  await article.waitFor({ timeout });
  return article.evaluate((el) => {
    const banner = el.querySelector('.verdict-banner');
    return {
      verdict: el.getAttribute('data-verdict') ?? '',
      title: el.querySelector('.verdict-title')?.textContent ?? '',
      text: el.innerText,
      background: getComputedStyle(banner).backgroundColor,
      icon: banner.querySelector('svg[data-icon]')?.getAttribute('data-icon') ?? null,
    };
  });
}

/** Waits for a message (an error or a hint) and answers its dictionary key and its text. */
export async function message(page: Page): Promise<{ key: string; text: string }> {
  const el = page.locator('#result [data-message]');
  await el.waitFor();
  return {
    key: (await el.getAttribute('data-message')) ?? '',
    text: await el.innerText(),
  };
}

/**
 * What the page concluded, whichever form it took: a verdict (`verdict`: its name) or a message
 * (`message`: its key, e.g. a PDF in which the reader finds no signature); green only for a verdict
 * whose banner is green.
 */
export async function outcome(
  page: Page,
  timeout = 60_000,
): Promise<{ verdict?: string; message?: string; green: boolean }> {
  await page.locator('#result [data-verdict], #result [data-message]').first().waitFor({ timeout });
  if ((await page.locator('#result [data-verdict]').count()) > 0) {
    const shown = await verdict(page, timeout);
    return { verdict: shown.verdict, green: isGreen(shown.background) };
  }
  return { message: (await message(page)).key, green: false };
}

/** True when an rgb() colour is a green (hue between 75 and 165 degrees, visibly saturated). */
export function isGreen(rgb: string): boolean {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max - min < 12) return false;
  let hue = 0;
  if (max === r) hue = ((g - b) / (max - min)) * 60;
  else if (max === g) hue = (2 + (b - r) / (max - min)) * 60;
  else hue = (4 + (r - g) / (max - min)) * 60;
  hue = (hue + 360) % 360;
  return hue >= 75 && hue <= 165;
}

/** Every text a reader can see (and the title), each once, white space collapsed. */
export async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out = new Set<string>([document.title]);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
      const parent = node.parentElement;
      if (text && parent && parent.checkVisibility({ checkVisibilityCSS: true })) out.add(text);
    }
    return [...out].sort();
  });
}

export interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
  passes: { id: string }[];
}

/**
 * Runs axe-core in the page: WCAG 2.1 A and AA and axe's best practices. The page's CSP refuses
 * an injected script, as it should: open the page with `bypassCSP: true` for this.
 */
export async function runAxe(page: Page): Promise<AxeResult> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
    });
    const slim = (list: any[]) =>
      list.map((r) => ({
        id: r.id,
        impact: r.impact,
        help: r.help,
        nodes: r.nodes.map((n: any) => ({ target: n.target })),
      }));
    return { violations: slim(result.violations), passes: slim(result.passes) };
  });
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/**
 * A one-page PDF with a signature dictionary (ISO 32000-1 12.8.1): /ByteRange covering the whole
 * file but the /Contents string, whose hexadecimal holds the CMS that `sign` gives for the digest
 * of those ranges. Signet's digest signing makes the CMS, so the page's PDF handling is tested
 * end to end without PAdES signing.
 */
export async function signedPdf(
  text: string,
  sign: (sha256Hex: string) => Promise<Buffer>,
): Promise<Buffer> {
  const placeholder = '0'.repeat(2 * 16384);
  const stream = `BT /F1 24 Tf 72 760 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R ' +
      '/Resources << /Font << /F1 7 0 R >> >> /Annots [4 0 R] >>',
    '<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /Rect [0 0 0 0] /F 132 ' +
      '/P 3 0 R /V 5 0 R >>',
    '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ' +
      `/ByteRange [0 0000000000 0000000000 0000000000] /Contents <${placeholder}> >>`,
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) pdf += `${String(o).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;

  const bytes = Buffer.from(pdf, 'latin1');
  const start = bytes.indexOf(`/Contents <${placeholder}>`) + '/Contents '.length;
  const end = start + placeholder.length + 2;
  const range = [0, start, end, bytes.length - end];
  const rangeText = `[${range.join(' ')}]`;
  const slot = '[0 0000000000 0000000000 0000000000]';
  bytes.write(rangeText.padEnd(slot.length, ' '), bytes.indexOf(slot), 'latin1');
  const digest = createHash('sha256')
    .update(bytes.subarray(0, start))
    .update(bytes.subarray(end))
    .digest('hex');
  const cms = (await sign(digest)).toString('hex');
  if (cms.length > placeholder.length) throw new Error('the CMS does not fit the placeholder');
  bytes.write(cms.padEnd(placeholder.length, '0'), start + 1, 'latin1');
  return bytes;
}

/** An incremental update (ISO 32000-1 7.5.6) appended to a PDF: `objects` as "N 0 obj" bodies. */
export function appendUpdate(pdf: Buffer, objects: Record<number, string>): Buffer {
  const previous = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(pdf.toString('latin1'))?.[1] ?? '0';
  let update = '';
  const offsets: [number, number][] = [];
  for (const [n, body] of Object.entries(objects)) {
    offsets.push([Number(n), pdf.length + update.length]);
    update += `${n} 0 obj\n${body}\nendobj\n`;
  }
  const xref = pdf.length + update.length;
  update += 'xref\n';
  for (const [n, offset] of offsets) {
    update += `${n} 1\n${String(offset).padStart(10, '0')} 00000 n \n`;
  }
  const size = Math.max(8, ...offsets.map(([n]) => n + 1));
  update += `trailer\n<< /Size ${size} /Root 1 0 R /Prev ${previous} >>\n`;
  update += `startxref\n${xref}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(update, 'latin1')]);
}

/**
 * The public URL is CA data (issue 14): it is written into every certificate's CRL distribution
 * point, OCSP and caIssuers access (RFC 5280 4.2.1.13, 4.2.2.1) and into verification links, so
 * every process (the server, the CLI beside it, a second node) must use the same one. It is set at
 * `signet init` and changed only by `signet ca set-public-url`, audited; a server whose
 * SIGNET_PUBLIC_URL says otherwise refuses to start rather than issue certificates that point
 * elsewhere.
 */
import type { CaDeps } from './context';
import { CaError } from './errors';

/** An http(s) URL without a trailing slash, or a CaError. */
export function checkPublicUrl(url: string): string {
  const base = url.trim().replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(base);
  } catch {
    throw new CaError('INVALID_PUBLIC_URL', `"${url}" is not a URL.`);
  }
  if (!/^https?:$/.test(parsed.protocol) || parsed.search || parsed.hash) {
    throw new CaError(
      'INVALID_PUBLIC_URL',
      `"${url}" is not an http(s) URL without query or fragment.`,
    );
  }
  return base;
}

/** Changes the CA's public URL (certificates issued from now on carry it). */
export function setPublicUrl(
  deps: Pick<CaDeps, 'tx' | 'settings' | 'audit' | 'clock'>,
  req: { url: string; actor: string },
): { publicUrl: string; previous?: string } {
  const publicUrl = checkPublicUrl(req.url);
  return deps.tx.transaction(() => {
    const settings = deps.settings.settings();
    if (!settings) throw new CaError('NOT_INITIALIZED', 'The certificate authority is not set up.');
    if (settings.publicUrl === publicUrl) return { publicUrl, previous: publicUrl };
    deps.settings.setPublicUrl(publicUrl);
    deps.audit.append({
      at: deps.clock.now().toISOString(),
      actor: req.actor,
      action: 'ca.public-url-changed',
      subject: publicUrl,
      details: { previous: settings.publicUrl ?? null },
    });
    return { publicUrl, ...(settings.publicUrl ? { previous: settings.publicUrl } : {}) };
  });
}

/**
 * The public URL a server uses: the CA's. SIGNET_PUBLIC_URL, when set, must name the same one. A
 * development server (generated passphrase, no SIGNET_PUBLIC_URL) moves the CA's URL to its own
 * address, since its port may change at every start. A CA not set up yet, or set up before the URL
 * was kept, uses SIGNET_PUBLIC_URL or the server's own address.
 */
export function servedPublicUrl(
  deps: Pick<CaDeps, 'tx' | 'settings' | 'audit' | 'clock'>,
  req: { fromEnvironment?: string; ownAddress: string; development: boolean },
): string {
  const stored = deps.settings.settings()?.publicUrl;
  const asked = req.fromEnvironment === undefined ? undefined : checkPublicUrl(req.fromEnvironment);
  if (!stored) return asked ?? req.ownAddress;
  if (asked !== undefined && asked !== stored) {
    throw new CaError(
      'PUBLIC_URL_MISMATCH',
      `SIGNET_PUBLIC_URL (${asked}) is not this CA's public URL (${stored}): change the CA's with "signet ca set-public-url ${asked}", or unset SIGNET_PUBLIC_URL.`,
    );
  }
  if (asked === undefined && req.development && stored !== req.ownAddress) {
    setPublicUrl(deps, { url: req.ownAddress, actor: 'system:development-server' });
    return req.ownAddress;
  }
  return stored;
}

/**
 * The CRLs a signature's certificates point to, fetched for `signet verify --trust` unless
 * `--offline` (issue 14 item 6). Each fetch is bounded in time and size; one that fails is left
 * out with a warning, and the report then says TRY_LATER rather than "not revoked".
 */
const TIMEOUT_MS = 10_000;
/** Far above a CRL of this CA (one entry is about 40 bytes), far below memory trouble. */
const MAX_CRL_BYTES = 16 * 1024 * 1024;

async function fetchOne(url: string): Promise<Uint8Array> {
  const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  if (Number(response.headers.get('content-length') ?? 0) > MAX_CRL_BYTES) {
    throw new Error('too large');
  }
  const body = new Uint8Array(await response.arrayBuffer());
  if (body.length > MAX_CRL_BYTES) throw new Error('too large');
  return body;
}

export async function fetchCrls(
  urls: string[],
  warn: (text: string) => void,
): Promise<Uint8Array[]> {
  const fetched = await Promise.allSettled(urls.map(fetchOne));
  return fetched.flatMap((result, i) => {
    if (result.status === 'fulfilled') return [result.value];
    warn(`The CRL at ${urls[i]} could not be fetched; revocation may stay unknown.`);
    return [];
  });
}

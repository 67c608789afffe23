/**
 * A PAdES document time-stamp (ETSI EN 319 142-1 5.4.3) from a running server's own TSA: Signet's
 * writer prepares the /Type /DocTimeStamp dictionary, `openssl ts -query` asks POST /tsa for a
 * token over the ByteRange's SHA-256, and the token goes into /Contents. Signet does not sign at
 * B-LTA itself; the tests need a PDF that carries one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { embedCms, hashByteRange, prepareDocumentTimestamp } from '../../src/core/pades';
import { mustOpenssl } from './openssl';

/** `pdf` with a document time-stamp from the TSA of the server at `serverUrl`; files in `dir`. */
export async function serverDocumentTimestamp(
  serverUrl: string,
  dir: string,
  pdf: Buffer,
): Promise<Buffer> {
  const f = (name: string) => join(dir, name);
  const { prepared, byteRange } = prepareDocumentTimestamp(pdf);
  const digest = Buffer.from(hashByteRange(prepared, byteRange, 'sha256')).toString('hex');
  mustOpenssl(['ts', '-query', '-digest', digest, '-sha256', '-cert', '-out', f('dts.tsq')]);
  const r = await fetch(`${serverUrl}/tsa`, {
    method: 'POST',
    headers: { 'content-type': 'application/timestamp-query' },
    body: readFileSync(f('dts.tsq')),
  });
  if (!r.ok) throw new Error(`POST /tsa: ${r.status}`);
  writeFileSync(f('dts.tsr'), Buffer.from(await r.arrayBuffer()));
  mustOpenssl(['ts', '-reply', '-in', f('dts.tsr'), '-token_out', '-out', f('dts.tok')]);
  return Buffer.from(embedCms(prepared, byteRange, readFileSync(f('dts.tok'))));
}

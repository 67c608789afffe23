/**
 * The upload spool (src/http/spool.ts): a PDF's bytes pass through unchanged and land whole in a
 * 0600 file of a 0700 directory; another kind of file, or a PDF past the limit, is not kept; the
 * directory goes with remove().
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Spool } from '../../src/http/spool';
import { pdfWithLargeSignature } from '../helpers/heavy-pdf';

async function* chunksOf(bytes: Buffer, size = 64 * 1024): AsyncIterable<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function pass(spool: Spool, bytes: Buffer): Promise<Buffer> {
  const seen: Buffer[] = [];
  for await (const chunk of spool.tee(chunksOf(bytes))) seen.push(chunk);
  return Buffer.concat(seen);
}

describe('Spool', () => {
  const pdf = pdfWithLargeSignature(1_000_000);

  it('keeps a PDF whole in a 0600 file and passes its bytes on unchanged', async () => {
    const spool = await Spool.create(2_000_000);
    expect((await pass(spool, pdf)).equals(pdf)).toBe(true);
    const path = await spool.complete();
    expect(path).toBe(spool.path);
    expect(readFileSync(spool.path).equals(pdf)).toBe(true);
    expect(statSync(spool.path).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(spool.path)).mode & 0o777).toBe(0o700);
    await spool.remove();
    expect(existsSync(dirname(spool.path))).toBe(false);
  });

  it('keeps nothing usable of a PDF larger than its limit', async () => {
    const spool = await Spool.create(500_000);
    expect((await pass(spool, pdf)).equals(pdf)).toBe(true);
    expect(await spool.complete()).toBeUndefined();
    await spool.remove();
  });

  it('stops writing once the header shows another kind of file', async () => {
    const other = randomBytes(1_000_000);
    const spool = await Spool.create(2_000_000);
    expect((await pass(spool, other)).equals(other)).toBe(true);
    expect(await spool.complete()).toBeUndefined();
    expect(statSync(spool.path).size).toBeLessThan(100 * 1024);
    await spool.remove();
  });
});

/**
 * A temporary file for an uploaded document: its bytes are written there as they stream in, so a
 * PDF to be verified whole waits on disk, not in memory, while it queues for a verification
 * worker (ten 60 MiB uploads at once would otherwise hold 600 MiB). The file is 0600 in a fresh
 * 0700 directory of the system's temporary directory, and removed with it after the request.
 * Only a PDF is kept: once the header window (ISO 32000-1 7.5.2) shows another kind of file,
 * nothing more is written.
 */
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasPdfHeader, PDF_HEADER_WINDOW } from '../core/pades';

export class Spool {
  private written = 0;
  private overflow = false;
  private head = Buffer.alloc(0);

  private constructor(
    readonly path: string,
    private readonly dir: string,
    private readonly file: FileHandle,
    private readonly maxBytes: number,
  ) {}

  /** A new spool keeping at most `maxBytes` (past them it keeps nothing usable). */
  static async create(maxBytes: number): Promise<Spool> {
    const dir = await mkdtemp(join(tmpdir(), 'signet-upload-'));
    const path = join(dir, 'document');
    return new Spool(path, dir, await open(path, 'wx', 0o600), maxBytes);
  }

  /** Passes `chunks` on unchanged, writing each to the file first (its backpressure too). */
  async *tee(chunks: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
    for await (const chunk of chunks) {
      if (this.head.length < PDF_HEADER_WINDOW) {
        this.head = Buffer.concat([
          this.head,
          chunk.subarray(0, PDF_HEADER_WINDOW - this.head.length),
        ]);
        if (this.head.length >= PDF_HEADER_WINDOW && !hasPdfHeader(this.head)) this.overflow = true;
      }
      if (!this.overflow && this.written + chunk.length <= this.maxBytes) {
        await this.file.write(chunk);
        this.written += chunk.length;
      } else {
        this.overflow = true;
      }
      yield chunk;
    }
  }

  /** The file's path when it holds every byte of the document (a PDF); else undefined. */
  async complete(): Promise<string | undefined> {
    await this.file.close();
    return this.overflow ? undefined : this.path;
  }

  async remove(): Promise<void> {
    await this.file.close().catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * Uploads a file as the `document` part of multipart/form-data, streamed from disk with node:http
 * (nothing held in memory, so the test process itself never stalls the upload or the clock of
 * what it measures). Resolves with the status, headers and body text.
 */
import { createReadStream, statSync } from 'node:fs';
import { request } from 'node:http';
import { pipeline } from 'node:stream/promises';

export interface Upload {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export function uploadDocument(url: string, path: string): Promise<Upload> {
  const boundary = 'signet-upload-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="document.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + statSync(path).size + tail.length,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.write(head);
    pipeline(createReadStream(path), req, { end: false })
      .then(() => req.end(tail))
      .catch(reject);
  });
}

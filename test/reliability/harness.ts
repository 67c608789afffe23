/**
 * What the reliability and load tests share: a keep-alive HTTP client that times each request, a
 * bounded-concurrency runner, the server's resident set size, and the OpenSSL-made seeds of the
 * protocols (TimeStampReq, OCSPRequest, PKCS#10) built against a running server's CA.
 */
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mustOpenssl, tempDir } from '../helpers/openssl';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Time from sending to the last byte of the answer. */
  ms: number;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: Buffer | string;
  timeoutMs?: number;
}

/** HTTP/1.1 with keep-alive (a fixed pool of sockets), so thousands of requests reuse connections. */
export class Client {
  readonly agent: http.Agent;
  private readonly base: URL;

  constructor(baseUrl: string, sockets = 16) {
    this.base = new URL(baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  /**
   * One request. A reused keep-alive socket that the server closed just as the request went out
   * (its idle timeout) fails with ECONNRESET before the server read anything: that one is sent
   * again once, on a fresh socket, as Node's documentation advises.
   */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
    try {
      return await this.once(method, path, options);
    } catch (error) {
      if ((error as { reusedSocket?: boolean }).reusedSocket)
        return this.once(method, path, options);
      throw error;
    }
  }

  private once(method: string, path: string, options: RequestOptions): Promise<Answer> {
    const started = process.hrtime.bigint();
    const body =
      options.body === undefined
        ? undefined
        : Buffer.isBuffer(options.body)
          ? options.body
          : Buffer.from(options.body);
    return new Promise<Answer>((resolve, reject) => {
      const req = http.request(
        {
          host: this.base.hostname,
          port: this.base.port,
          method,
          path,
          agent: this.agent,
          headers: {
            ...(body ? { 'content-length': String(body.length) } : {}),
            ...options.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks),
              ms: Number(process.hrtime.bigint() - started) / 1e6,
            }),
          );
        },
      );
      req.setTimeout(options.timeoutMs ?? 60_000, () =>
        req.destroy(new Error(`${method} ${path}: no answer in ${options.timeoutMs ?? 60_000} ms`)),
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        const raced =
          req.reusedSocket && (error.code === 'ECONNRESET' || error.message === 'socket hang up');
        reject(raced ? Object.assign(error, { reusedSocket: true }) : error);
      });
      req.end(body);
    });
  }

  json(method: string, path: string, value: unknown, token?: string): Promise<Answer> {
    return this.request(method, path, {
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(value),
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `work` over the items with at most `concurrency` in flight; the first throw stops it. */
export async function runPool<T>(
  items: Iterable<T>,
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const iterator = items[Symbol.iterator]();
  const worker = async (): Promise<void> => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) await work(next.value);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Resident set size of a process in MiB (VmRSS of /proc/PID/status). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) / 1024;
}

/** Counts of each key, for the reports ("200: 4810, 415: 190"). */
export class Tally {
  private readonly counts = new Map<string, number>();

  add(key: string | number): void {
    this.counts.set(String(key), (this.counts.get(String(key)) ?? 0) + 1);
  }

  get(key: string | number): number {
    return this.counts.get(String(key)) ?? 0;
  }

  toString(): string {
    return [...this.counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
  }
}

export interface ProtocolSeeds {
  dir: string;
  rootPem: string;
  issuingPem: string;
  /** TimeStampReq DER: sha256/384/512, with and without nonce and certReq. */
  tsa: Buffer[];
  /** OCSPRequest DER for the given serials: one and several CertIDs, SHA-1 and SHA-256, nonce or not. */
  ocsp: Buffer[];
  /** PKCS#10 DER: EC P-256, P-384 and RSA-2048 keys. */
  csr: Buffer[];
}

/** Seeds made by OpenSSL against the server's own CA (its certificates fetched over HTTP). */
export async function protocolSeeds(baseUrl: string, serials: string[]): Promise<ProtocolSeeds> {
  const dir = tempDir('signet-seeds-');
  const f = (name: string) => join(dir, name);
  for (const name of ['root', 'issuing']) {
    const der = Buffer.from(await (await fetch(`${baseUrl}/ca/${name}.crt`)).arrayBuffer());
    writeFileSync(f(`${name}.der`), der);
    mustOpenssl(['x509', '-inform', 'DER', '-in', f(`${name}.der`), '-out', f(`${name}.pem`)]);
  }
  writeFileSync(f('doc.txt'), 'A document to timestamp.\n');
  const tsa: Buffer[] = [];
  for (const [i, args] of [
    ['-sha256', '-cert'],
    ['-sha384'],
    ['-sha512', '-cert', '-no_nonce'],
    ['-sha256', '-no_nonce'],
    ['-sha256', '-cert', '-tspolicy', '1.3.6.1.4.1.99999.1.1'],
  ].entries()) {
    mustOpenssl(['ts', '-query', '-data', f('doc.txt'), ...args, '-out', f(`q${i}.tsq`)]);
    tsa.push(readFileSync(f(`q${i}.tsq`)));
  }
  const ocsp: Buffer[] = [];
  const serialArgs = serials.flatMap((s) => ['-serial', `0x${s}`]);
  const first = serialArgs.slice(0, 2);
  for (const [i, args] of [
    [...first],
    [...first, '-no_nonce'],
    ['-sha256', ...first],
    [...serialArgs],
    ['-serial', '0x0123456789ABCDEF'],
  ].entries()) {
    mustOpenssl(['ocsp', '-issuer', f('issuing.pem'), ...args, '-reqout', f(`r${i}.der`)]);
    ocsp.push(readFileSync(f(`r${i}.der`)));
  }
  const csr: Buffer[] = [];
  for (const [i, keyArgs] of [
    ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
    ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  ].entries()) {
    mustOpenssl(['genpkey', ...keyArgs, '-out', f(`k${i}.pem`)]);
    mustOpenssl([
      'req',
      '-new',
      '-key',
      f(`k${i}.pem`),
      '-subj',
      `/CN=Fuzz ${i}/O=Signet`,
      '-outform',
      'DER',
      '-out',
      f(`c${i}.der`),
    ]);
    csr.push(readFileSync(f(`c${i}.der`)));
  }
  return {
    dir,
    rootPem: readFileSync(f('root.pem'), 'utf8'),
    issuingPem: readFileSync(f('issuing.pem'), 'utf8'),
    tsa,
    ocsp,
    csr,
  };
}

/** One file part of a multipart/form-data body (RFC 7578). */
export function formPart(boundary: string, name: string, file: string, data: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    data,
    Buffer.from('\r\n'),
  ]);
}

/** Fetches a running server's CA certificates into PEM files for OpenSSL. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mustOpenssl } from './openssl';

export async function fetchCaFiles(
  url: string,
  dir: string,
): Promise<{ root: string; issuing: string; chain: string }> {
  const pem: Record<string, string> = {};
  for (const name of ['root', 'issuing']) {
    const der = join(dir, `${name}.der`);
    writeFileSync(der, Buffer.from(await (await fetch(`${url}/ca/${name}.crt`)).arrayBuffer()));
    pem[name] = mustOpenssl(['x509', '-inform', 'DER', '-in', der]);
    writeFileSync(join(dir, `${name}.pem`), pem[name] ?? '');
  }
  writeFileSync(join(dir, 'chain.pem'), `${pem.root}${pem.issuing}`);
  return {
    root: join(dir, 'root.pem'),
    issuing: join(dir, 'issuing.pem'),
    chain: join(dir, 'chain.pem'),
  };
}

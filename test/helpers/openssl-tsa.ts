/**
 * OpenSSL's own time-stamping authority (`openssl ts -reply`, RFC 3161) as the independent producer
 * of TimeStampTokens: a query over a given SHA-256 digest asking for the TSA's certificate, and a
 * token signed by a test PKI's TSA key, the issuing CA's certificate beside the TSA's.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mustOpenssl, type TestPki, type TestPkiEntity } from './openssl';

let tokenCounter = 0;

/** ts.cnf for `openssl ts -reply` in the PKI's folder (a serial file, policy, ESSCertIDv2). */
function tsaConfig(pki: TestPki): string {
  const path = join(pki.dir, 'ts.cnf');
  if (existsSync(path)) return path;
  writeFileSync(join(pki.dir, 'tsaserial'), '01\n');
  writeFileSync(
    path,
    [
      '[tsa]',
      'default_tsa = test_tsa',
      '[test_tsa]',
      `serial = ${join(pki.dir, 'tsaserial')}`,
      'crypto_device = builtin',
      'default_policy = 1.3.6.1.4.1.99999.9.1',
      'digests = sha256, sha384, sha512',
      'signer_digest = sha256',
      'accuracy = secs:1',
      'ordering = no',
      'tsa_name = no',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  return path;
}

/**
 * A TimeStampToken (DER) from OpenSSL's TSA over the SHA-256 `digest`, made now, signed by `tsa`
 * (default: the PKI's TSA) whose issuer is the PKI's issuing CA unless `chain` says otherwise.
 */
export function opensslTimestampToken(
  pki: TestPki,
  digest: Uint8Array,
  tsa: TestPkiEntity = pki.tsa,
  chain: TestPkiEntity = pki.issuing,
): Buffer {
  tokenCounter += 1;
  const file = (name: string): string => join(pki.dir, `ts-${tokenCounter}-${name}`);
  mustOpenssl([
    'ts',
    '-query',
    '-digest',
    Buffer.from(digest).toString('hex'),
    '-sha256',
    '-cert',
    '-no_nonce',
    '-out',
    file('query.tsq'),
  ]);
  mustOpenssl([
    'ts',
    '-reply',
    '-config',
    tsaConfig(pki),
    '-queryfile',
    file('query.tsq'),
    '-signer',
    tsa.certPath,
    '-inkey',
    tsa.keyPath,
    '-chain',
    chain.certPath,
    '-token_out',
    '-out',
    file('token.der'),
  ]);
  return readFileSync(file('token.der'));
}

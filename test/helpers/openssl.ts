/**
 * OpenSSL as the independent implementation in tests: a thin runner and a throwaway test PKI made
 * entirely by OpenSSL (root -> issuing CA -> document signer, TSA and OCSP responder), so that core
 * code can be checked against certificates Signet did not make.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpensslResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs openssl; never throws, so tests can assert a failure as well as a success. */
export function openssl(args: string[], input?: Buffer | string): OpensslResult {
  const r = spawnSync('openssl', args, { input, maxBuffer: 64 * 1024 * 1024 });
  return {
    status: r.status ?? -1,
    stdout: r.stdout?.toString() ?? '',
    stderr: r.stderr?.toString() ?? '',
  };
}

/**
 * `openssl cms -verify` of the detached DER signature in file `signature` over file `content`,
 * trusting `caFile` (PEM), for any purpose; `extra` adds options (e.g. `-attime`).
 */
export function opensslCmsVerifyFiles(
  signature: string,
  content: string,
  caFile: string,
  extra: string[] = [],
): OpensslResult {
  return openssl([
    'cms',
    '-verify',
    '-binary',
    '-inform',
    'DER',
    '-in',
    signature,
    '-content',
    content,
    '-CAfile',
    caFile,
    '-purpose',
    'any',
    '-out',
    '/dev/null',
    ...extra,
  ]);
}

/** Runs openssl and throws with its stderr when it fails: for fixture making, not for verdicts. */
export function mustOpenssl(args: string[], input?: Buffer | string): string {
  return execFileSync('openssl', args, {
    input,
    maxBuffer: 64 * 1024 * 1024,
    stdio: 'pipe',
  }).toString();
}

export function tempDir(prefix = 'signet-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TestPkiEntity {
  certPem: string;
  certDer: Buffer;
  keyPem: string;
  certPath: string;
  keyPath: string;
}

export interface TestPki {
  dir: string;
  root: TestPkiEntity;
  issuing: TestPkiEntity;
  signer: TestPkiEntity;
  tsa: TestPkiEntity;
  ocsp: TestPkiEntity;
}

type KeySpec = 'ec' | 'rsa';

/** A new P-256 key made by OpenSSL, in PEM at `keyPath` (returned). */
export function ecKey(keyPath: string): string {
  mustOpenssl([
    'genpkey',
    '-algorithm',
    'EC',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-out',
    keyPath,
  ]);
  return keyPath;
}

/** A new P-256 key at `keyPath` and OpenSSL's PKCS#10 request with it for `subject` at `csrPath`. */
export function ecKeyAndCsr(
  keyPath: string,
  csrPath: string,
  subject: string,
  format: 'PEM' | 'DER' = 'PEM',
): void {
  ecKey(keyPath);
  mustOpenssl([
    'req',
    '-new',
    '-key',
    keyPath,
    '-subj',
    subject,
    '-outform',
    format,
    '-out',
    csrPath,
  ]);
}

export interface CmsSignRequest {
  document: string;
  signer: string;
  key: string;
  /** Where the DER signature goes. */
  out: string;
  extra?: string[];
  /** A faketime offset ("-2d", "+3d"): OpenSSL dates the signing-time attribute by its clock. */
  clockShift?: string;
}

/** openssl cms -sign, detached and binary, to DER at `out`; returns the signature. */
export function opensslCmsSign(req: CmsSignRequest): Uint8Array {
  const args = ['cms', '-sign', '-binary', '-in', req.document, '-signer', req.signer];
  args.push('-inkey', req.key, '-outform', 'DER', '-out', req.out, ...(req.extra ?? []));
  if (req.clockShift) {
    execFileSync('faketime', ['-f', req.clockShift, 'openssl', ...args], { stdio: 'pipe' });
  } else {
    mustOpenssl(args);
  }
  return new Uint8Array(readFileSync(req.out));
}

/** The foreign test signer of certs/ (under a root Signet does not trust), for opensslCmsSign. */
export const FOREIGN_SIGNER = {
  signer: join(__dirname, '..', '..', 'certs', 'foreign-signer.pem'),
  key: join(__dirname, '..', '..', 'certs', 'foreign-signer.test-key.pem'),
};

function keygen(dir: string, name: string, spec: KeySpec): string {
  const keyPath = join(dir, `${name}.key`);
  if (spec === 'ec') return ecKey(keyPath);
  mustOpenssl([
    'genpkey',
    '-algorithm',
    'RSA',
    '-pkeyopt',
    'rsa_keygen_bits:2048',
    '-out',
    keyPath,
  ]);
  return keyPath;
}

function entity(dir: string, name: string, keyPath: string): TestPkiEntity {
  const certPath = join(dir, `${name}.pem`);
  return {
    certPem: readFileSync(certPath, 'utf8'),
    certDer: execFileSync('openssl', ['x509', '-in', certPath, '-outform', 'DER'], {
      stdio: 'pipe',
    }),
    keyPem: readFileSync(keyPath, 'utf8'),
    certPath,
    keyPath,
  };
}

/** A complete PKI made by OpenSSL alone, valid from yesterday for a year. */
export function makeOpensslPki(spec: KeySpec = 'ec'): TestPki {
  const dir = tempDir('signet-pki-');
  const ext = join(dir, 'ext.cnf');
  writeFileSync(
    ext,
    [
      '[root]',
      'basicConstraints=critical,CA:true,pathlen:1',
      'keyUsage=critical,keyCertSign,cRLSign',
      'subjectKeyIdentifier=hash',
      '[issuing]',
      'basicConstraints=critical,CA:true,pathlen:0',
      'keyUsage=critical,keyCertSign,cRLSign',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
      '[signer]',
      'basicConstraints=critical,CA:false',
      'keyUsage=critical,digitalSignature,nonRepudiation',
      'extendedKeyUsage=1.3.6.1.5.5.7.3.36',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
      '[tsa]',
      'basicConstraints=critical,CA:false',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=critical,timeStamping',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
      '[ocsp]',
      'basicConstraints=critical,CA:false',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=OCSPSigning',
      'noCheck=ignored',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
      '',
    ].join('\n'),
  );
  const rootKey = keygen(dir, 'root', spec);
  mustOpenssl([
    'req',
    '-x509',
    '-new',
    '-key',
    rootKey,
    '-subj',
    '/C=CN/O=Test/CN=Test Root',
    '-days',
    '365',
    '-sha256',
    '-extensions',
    'root',
    '-config',
    ext,
    '-out',
    join(dir, 'root.pem'),
  ]);
  const issue = (name: string, subject: string, issuer: string, profile: string): void => {
    const key = keygen(dir, name, spec);
    const csr = join(dir, `${name}.csr`);
    mustOpenssl(['req', '-new', '-key', key, '-subj', subject, '-out', csr, '-config', ext]);
    mustOpenssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      join(dir, `${issuer}.pem`),
      '-CAkey',
      join(dir, `${issuer}.key`),
      '-set_serial',
      `0x${Math.floor(Math.random() * 1e12).toString(16)}`,
      '-days',
      '365',
      '-sha256',
      '-extfile',
      ext,
      '-extensions',
      profile,
      '-out',
      join(dir, `${name}.pem`),
    ]);
  };
  issue('issuing', '/C=CN/O=Test/CN=Test Issuing CA', 'root', 'issuing');
  issue('signer', '/C=CN/O=Test/OU=finance/CN=Finance Bureau', 'issuing', 'signer');
  issue('tsa', '/C=CN/O=Test/CN=Test TSA', 'issuing', 'tsa');
  issue('ocsp', '/C=CN/O=Test/CN=Test OCSP', 'issuing', 'ocsp');
  const e = (n: string): TestPkiEntity => entity(dir, n, join(dir, `${n}.key`));
  return {
    dir,
    root: e('root'),
    issuing: e('issuing'),
    signer: e('signer'),
    tsa: e('tsa'),
    ocsp: e('ocsp'),
  };
}

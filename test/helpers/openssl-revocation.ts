/**
 * Revocation data made by OpenSSL for a test PKI, for B-LT tests: a CRL of the issuing CA
 * (`openssl ca -gencrl`) and an OCSP response for the signer certificate from the OCSP responder
 * (`openssl ocsp -index ... -reqin`), both independent of Signet's own CRL and OCSP code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mustOpenssl, type TestPki } from './openssl';

export interface RevocationData {
  /** DER CertificateList of the issuing CA, revoking nothing. */
  crlDer: Buffer;
  /** DER OCSPResponse saying the signer certificate is good. */
  ocspResponseDer: Buffer;
}

/** OpenSSL's index.txt date form (YYMMDDHHMMSSZ). */
export function indexDate(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
}

/** The certificate's serial as OpenSSL's index.txt writes it (hexadecimal). */
export function serialOf(certPath: string): string {
  return mustOpenssl(['x509', '-in', certPath, '-noout', '-serial'])
    .trim()
    .replace(/^serial=/, '');
}

/** ca.cnf for `openssl ca` over the database index.txt, both at `path`, with more settings. */
export function writeCaConfig(path: (name: string) => string, more: string[] = []): void {
  writeFileSync(
    path('ca.cnf'),
    [
      '[ca]',
      'default_ca = test_ca',
      '[test_ca]',
      `database = ${path('index.txt')}`,
      'default_md = sha256',
      ...more,
      '',
    ].join('\n'),
  );
}

/** `openssl ca` as the PKI's issuing CA, with the ca.cnf at `path`. */
export function opensslCa(pki: TestPki, path: (name: string) => string, args: string[]): void {
  mustOpenssl([
    'ca',
    '-config',
    path('ca.cnf'),
    '-keyfile',
    pki.issuing.keyPath,
    '-cert',
    pki.issuing.certPath,
    ...args,
  ]);
}

export function makeRevocationData(pki: TestPki): RevocationData {
  const path = (name: string): string => join(pki.dir, name);
  const serial = serialOf(pki.signer.certPath);
  const subject = '/C=CN/O=Test/OU=finance/CN=Finance Bureau';
  const expiry = indexDate(new Date(Date.now() + 300 * 24 * 3600 * 1000));
  writeFileSync(path('index.txt'), `V\t${expiry}\t\t${serial}\tunknown\t${subject}\n`);
  writeFileSync(path('crlnumber'), '1000\n');
  writeCaConfig(path, [`crlnumber = ${path('crlnumber')}`, 'default_crl_days = 30']);
  opensslCa(pki, path, ['-gencrl', '-out', path('issuing-crl.pem')]);
  mustOpenssl([
    'crl',
    '-in',
    path('issuing-crl.pem'),
    '-outform',
    'DER',
    '-out',
    path('issuing.crl'),
  ]);
  mustOpenssl([
    'ocsp',
    '-issuer',
    pki.issuing.certPath,
    '-cert',
    pki.signer.certPath,
    '-no_nonce',
    '-reqout',
    path('ocsp-req.der'),
  ]);
  mustOpenssl([
    'ocsp',
    '-index',
    path('index.txt'),
    '-rsigner',
    pki.ocsp.certPath,
    '-rkey',
    pki.ocsp.keyPath,
    '-CA',
    pki.issuing.certPath,
    '-reqin',
    path('ocsp-req.der'),
    '-respout',
    path('ocsp-resp.der'),
  ]);
  return {
    crlDer: readFileSync(path('issuing.crl')),
    ocspResponseDer: readFileSync(path('ocsp-resp.der')),
  };
}

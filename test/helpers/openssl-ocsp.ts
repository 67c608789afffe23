/**
 * OCSP responses made by OpenSSL's responder (`openssl ocsp -index ... -reqin`) for a test PKI,
 * each in its own folder with its own CA database: good, revoked (`openssl ca -revoke` on the
 * index first), about another certificate, signed by the CA itself or by an unrelated responder,
 * with or without the responder certificate, with a nextUpdate of the caller's choice. Independent
 * of Signet's OCSP code, for the verifier's tests.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mustOpenssl, openssl, type TestPki, type TestPkiEntity } from './openssl';
import { indexDate, opensslCa, serialOf, writeCaConfig } from './openssl-revocation';

export interface OcspResponseOptions {
  /** Whose status is asked: the signer's certificate (default) or another of the same issuer. */
  about?: 'signer' | 'tsa';
  /** Revoke the signer's certificate with `openssl ca -revoke` (now) before answering. */
  revokeSigner?: boolean;
  /** The responder's certificate and key: the PKI's OCSP responder by default. */
  responder?: TestPkiEntity;
  /** nextUpdate this many minutes after thisUpdate (`-nmin`); no nextUpdate when undefined. */
  nextUpdateMinutes?: number;
  /** Leave the responder certificate out of the response (`-resp_no_certs`). */
  noCerts?: boolean;
}

/**
 * A delegated responder certificate of the issuing CA with id-kp-OCSPSigning but without
 * id-pkix-ocsp-nocheck (RFC 6960 4.2.2.2.1), so that a verifier must say it did not check it.
 */
export function issueResponderWithoutNoCheck(pki: TestPki): TestPkiEntity {
  const dir = mkdtempSync(join(pki.dir, 'responder-'));
  const path = (name: string): string => join(dir, name);
  writeFileSync(
    path('ext.cnf'),
    '[r]\nbasicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=OCSPSigning\n',
  );
  const [keyPath, certPath] = [path('responder.key'), path('responder.pem')];
  // One step for the key and its request: `req -newkey` (P-256, unencrypted).
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  const subject = ['-subj', '/C=CN/O=Test/CN=Test OCSP checked'];
  mustOpenssl(['req', '-new', ...newKey, '-keyout', keyPath, ...subject, '-out', path('r.csr')]);
  mustOpenssl([
    'x509',
    '-req',
    '-in',
    path('r.csr'),
    '-CA',
    pki.issuing.certPath,
    '-CAkey',
    pki.issuing.keyPath,
    '-set_serial',
    '0x7e57',
    '-days',
    '30',
    '-extfile',
    path('ext.cnf'),
    '-extensions',
    'r',
    '-out',
    certPath,
  ]);
  mustOpenssl(['x509', '-in', certPath, '-outform', 'DER', '-out', path('responder.der')]);
  return {
    certPem: readFileSync(certPath, 'utf8'),
    certDer: readFileSync(path('responder.der')),
    keyPem: readFileSync(keyPath, 'utf8'),
    certPath,
    keyPath,
  };
}

/** A DER OCSPResponse from `openssl ocsp` acting as the responder of the PKI's issuing CA. */
export function makeOcspResponse(pki: TestPki, options: OcspResponseOptions = {}): Buffer {
  const dir = mkdtempSync(join(pki.dir, 'ocsp-'));
  const path = (name: string): string => join(dir, name);
  const expiry = indexDate(new Date(Date.now() + 300 * 24 * 3600 * 1000));
  const row = (certPath: string, subject: string) =>
    `V\t${expiry}\t\t${serialOf(certPath)}\tunknown\t${subject}\n`;
  writeFileSync(
    path('index.txt'),
    row(pki.signer.certPath, '/C=CN/O=Test/OU=finance/CN=Finance Bureau') +
      row(pki.tsa.certPath, '/C=CN/O=Test/CN=Test TSA'),
  );
  writeCaConfig(path);
  if (options.revokeSigner) {
    opensslCa(pki, path, ['-revoke', pki.signer.certPath, '-crl_reason', 'keyCompromise']);
  }
  const subject = options.about === 'tsa' ? pki.tsa : pki.signer;
  mustOpenssl([
    'ocsp',
    '-issuer',
    pki.issuing.certPath,
    '-cert',
    subject.certPath,
    '-no_nonce',
    '-reqout',
    path('request.der'),
  ]);
  const responder = options.responder ?? pki.ocsp;
  mustOpenssl([
    'ocsp',
    '-index',
    path('index.txt'),
    '-rsigner',
    responder.certPath,
    '-rkey',
    responder.keyPath,
    '-CA',
    pki.issuing.certPath,
    '-reqin',
    path('request.der'),
    '-respout',
    path('response.der'),
    ...(options.nextUpdateMinutes === undefined ? [] : ['-nmin', `${options.nextUpdateMinutes}`]),
    ...(options.noCerts ? ['-resp_no_certs'] : []),
  ]);
  return readFileSync(path('response.der'));
}

function responseFile(pki: TestPki, response: Uint8Array): string {
  const file = join(mkdtempSync(join(pki.dir, 'ocsp-in-')), 'response.der');
  writeFileSync(file, response);
  return file;
}

/** `openssl ocsp -respin FILE -resp_text -noverify`: OpenSSL's reading of a response. */
export function opensslOcspText(pki: TestPki, response: Uint8Array): string {
  return mustOpenssl(['ocsp', '-respin', responseFile(pki, response), '-resp_text', '-noverify']);
}

/**
 * OpenSSL's verdict on a response about the signer (`openssl ocsp -respin`, the root trusted, the
 * issuing CA and the OCSP responder given): "Response verify OK" and the signer's status, or why not.
 */
export function opensslOcspVerdict(pki: TestPki, response: Uint8Array): string {
  const others = join(mkdtempSync(join(pki.dir, 'ocsp-others-')), 'others.pem');
  writeFileSync(others, pki.issuing.certPem + pki.ocsp.certPem);
  const r = openssl([
    'ocsp',
    '-respin',
    responseFile(pki, response),
    '-CAfile',
    pki.root.certPath,
    '-verify_other',
    others,
    '-issuer',
    pki.issuing.certPath,
    '-cert',
    pki.signer.certPath,
  ]);
  return r.stdout + r.stderr;
}

/**
 * Shared steps of the CMS and RFC 3161 interop tests: files in the test PKI's folder, OpenSSL's
 * verdict on a CMS signature, and a TSA made of Signet's core with the test PKI's TSA key.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignatureScheme } from '../../src/core/algorithms';
import type { TimestampSource } from '../../src/core/cms';
import { OID_SIGNET_TSA_POLICY } from '../../src/core/oid';
import { createTimeStampToken } from '../../src/core/tsp';
import { nodeSigner } from './node-signer';
import { openssl, opensslCmsVerifyFiles, type OpensslResult, type TestPki } from './openssl';

let fileCounter = 0;

/** Writes bytes to a new file in the PKI's folder and returns its path. */
export function writeTemp(pki: TestPki, name: string, bytes: Uint8Array | string): string {
  fileCounter += 1;
  const path = join(pki.dir, `${fileCounter}-${name}`);
  writeFileSync(path, bytes);
  return path;
}

/** `openssl cms -verify` of a detached DER signature over `document`, trusting the root. */
export function opensslCmsVerify(
  pki: TestPki,
  cms: Uint8Array,
  document: Uint8Array,
  extraArgs: string[] = [],
): OpensslResult {
  return opensslCmsVerifyFiles(
    writeTemp(pki, 'sig.p7s', cms),
    writeTemp(pki, 'doc', document),
    pki.root.certPath,
    extraArgs,
  );
}

/** `openssl cms -cmsout -print` of a DER CMS. */
export function opensslCmsPrint(pki: TestPki, cms: Uint8Array): string {
  return openssl([
    'cms',
    '-cmsout',
    '-print',
    '-inform',
    'DER',
    '-in',
    writeTemp(pki, 'p.p7s', cms),
  ]).stdout;
}

/** A PEM file with the TSA certificate and the issuing CA, for `openssl ts -verify -untrusted`. */
export function tsaUntrusted(pki: TestPki): string {
  return writeTemp(pki, 'untrusted.pem', pki.tsa.certPem + pki.issuing.certPem);
}

/** A TSA built from Signet's core and the test PKI's TSA key, answering at a fixed time. */
export function testTsa(
  pki: TestPki,
  scheme: SignatureScheme,
  genTime = new Date('2025-03-01T10:00:01.250Z'),
): TimestampSource {
  const signer = nodeSigner(pki.tsa.keyPem, scheme);
  let serial = 0;
  return (messageImprint, hash) => {
    serial += 1;
    return createTimeStampToken({
      hash,
      messageImprint,
      serialNumber: new Uint8Array([0x10, serial]),
      genTime,
      accuracy: { seconds: 1 },
      policy: OID_SIGNET_TSA_POLICY,
      signer,
      tsaCertificate: pki.tsa.certDer,
      includeCertificate: true,
    });
  };
}

/**
 * The few DER structures the load needs, written out by hand so that the benchmark's requests
 * come from neither Signet's code nor the library under test: TimeStampReq (RFC 3161 2.4.1) and
 * OCSPRequest (RFC 6960 4.1.1) without a nonce, and a reader for the issuer fields of a CertID.
 */
const { Buffer } = require('node:buffer');
const { createHash, randomBytes } = require('node:crypto');

function len(n) {
  if (n < 0x80) return Buffer.from([n]);
  const bytes = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
function tlv(tag, ...contents) {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
}
const seq = (...c) => tlv(0x30, ...c);
const octets = (b) => tlv(0x04, b);
/** A positive INTEGER from big-endian magnitude bytes. */
function integer(bytes) {
  let b = Buffer.from(bytes);
  while (b.length > 1 && b[0] === 0 && b[1] < 0x80) b = b.subarray(1);
  if (b[0] >= 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}
const NULL = Buffer.from([0x05, 0x00]);
const SHA256_OID = Buffer.from('0609608648016503040201', 'hex');
const SHA1_OID = Buffer.from('06052b0e03021a', 'hex');

/** TimeStampReq v1 for a SHA-256 imprint with a random nonce, certReq TRUE. */
function timeStampRequest(imprint = randomBytes(32)) {
  return seq(
    integer([1]),
    seq(seq(SHA256_OID, NULL), octets(imprint)),
    integer(randomBytes(8)),
    Buffer.from([0x01, 0x01, 0xff]),
  );
}

/** Reads one TLV at `offset`: [tag, start of contents, end of contents]. */
function readTlv(der, offset) {
  const tag = der[offset];
  let length = der[offset + 1];
  let start = offset + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    length = 0;
    for (let i = 0; i < n; i += 1) length = length * 256 + der[start + i];
    start += n;
  }
  return { tag, start, end: start + length };
}

/** SHA-1 of the issuer's subject Name DER and of its subjectPublicKey bits (RFC 6960 4.1.1). */
function issuerHashes(issuerCertDer) {
  const der = Buffer.from(issuerCertDer);
  const cert = readTlv(der, 0);
  const tbs = readTlv(der, cert.start);
  let at = tbs.start;
  const fields = [];
  while (at < tbs.end) {
    const t = readTlv(der, at);
    fields.push({ ...t, offset: at });
    at = t.end;
  }
  const i = fields[0].tag === 0xa0 ? 1 : 0; // version [0] present
  const subject = fields[i + 4];
  const spki = fields[i + 5];
  const bits = readTlv(der, readTlv(der, spki.start).end);
  const sha1 = (b) => createHash('sha1').update(b).digest();
  return {
    nameHash: sha1(der.subarray(subject.offset, subject.end)),
    keyHash: sha1(der.subarray(bits.start + 1, bits.end)),
  };
}

/** OCSPRequest for one serial (hex), SHA-1 CertID, no nonce (RFC 5019 style). */
function ocspRequest(issuer, serialHex) {
  const certId = seq(
    seq(SHA1_OID, NULL),
    octets(issuer.nameHash),
    octets(issuer.keyHash),
    integer(Buffer.from(serialHex.length % 2 ? `0${serialHex}` : serialHex, 'hex')),
  );
  return seq(seq(seq(seq(certId))));
}

/** PEM to DER (the first block). */
function pemToDer(pem) {
  const m = /-----BEGIN [^-]+-----([\s\S]+?)-----END [^-]+-----/.exec(pem);
  if (!m) throw new Error('no PEM block');
  return Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
}

module.exports = { timeStampRequest, issuerHashes, ocspRequest, pemToDer, readTlv };

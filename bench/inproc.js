/**
 * In-process measurements, one task per child process (`node bench/inproc.js TASK '{json}'`), so
 * that each starts from a fresh heap and can be profiled alone (`--cpu-prof`). Prints one line
 * `RESULT {json}` on stdout. Uses the built code in dist/ (run.js builds it first).
 *
 * Tasks: cades-b (figure 1), pkijs-sign and pkijs-verify (anchors), verify-bt (figure 5),
 * issue (figure 7).
 */
const { performance } = require('node:perf_hooks');
const { Buffer } = require('node:buffer');
const { X509Certificate, createHash, timingSafeEqual, webcrypto } = require('node:crypto');
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { tempDir, installExitHandlers } = require('./lib/procs');
const { pemToDer } = require('./lib/der');

const DIST = join(__dirname, '..', 'dist');
const dist = (p) => require(join(DIST, p));

/** A fresh CA in a temporary data directory with one department holding a key of `algorithm`. */
async function freshCa(algorithm = 'ecdsa-p256') {
  const { loadConfig } = /** @type {typeof import('../src/config')} */ (dist('config'));
  const { openServices } = /** @type {typeof import('../src/compose')} */ (dist('compose'));
  const { initCa } = /** @type {typeof import('../src/ca/init')} */ (dist('ca/init'));
  const { addDepartment } = /** @type {typeof import('../src/ca/departments')} */ (
    dist('ca/departments')
  );
  const { issueCertificate } = /** @type {typeof import('../src/ca/issue')} */ (dist('ca/issue'));
  const dataDir = tempDir('inproc');
  const config = loadConfig({ SIGNET_KEY_PASSPHRASE: 'bench-passphrase-long-enough' }, { dataDir });
  const services = await openServices(config);
  await initCa(services.deps, services.authorities, { actor: 'bench' });
  addDepartment(services.deps, { id: 'bench', name: 'Bench', actor: 'bench' });
  await issueCertificate(services.deps, services.authorities, {
    departmentId: 'bench',
    keyAlgorithm: algorithm,
    actor: 'bench',
  });
  return services;
}

/**
 * Runs `op` with `concurrency` loops until `seconds` or `maxOps`, after `warmupOps` untimed
 * calls. Reports per wall second and per CPU second (user + system of all threads, the divisor
 * `openssl speed` uses).
 */
async function measure(op, { seconds, maxOps = 1_000_000, warmupOps = 50, concurrency = 1 }) {
  for (let i = 0; i < warmupOps; i += 1) await op(i);
  const deadline = performance.now() + seconds * 1000;
  let n = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const loop = async () => {
    while (n < maxOps && performance.now() < deadline) {
      n += 1;
      await op(n);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    ops: n,
    wallSeconds,
    cpuSeconds,
    perWallSecond: n / wallSeconds,
    perCpuSecond: n / cpuSeconds,
  };
}

const sha256 = (data) => createHash('sha256').update(data).digest();

// Figure 1: core signCadesBaselineB with the file vault's signer, exactly as signDigest calls it.
async function cadesB({ algorithm, seconds }) {
  const services = await freshCa(algorithm);
  const { signCadesBaselineB } = /** @type {typeof import('../src/core/cms')} */ (dist('core/cms'));
  const { signingKeyOf } = /** @type {typeof import('../src/signing/signing-certificate')} */ (
    dist('signing/signing-certificate')
  );
  const key = signingKeyOf(services.deps, 'bench', new Date(), 'sha256');
  const issuing = services.authorities.get('issuing');
  const digests = Array.from({ length: 256 }, (_, i) => sha256(`document ${i}`));
  const op = (i) =>
    signCadesBaselineB({
      digest: digests[i % digests.length],
      hash: 'sha256',
      signer: key.signer,
      signerCertificate: key.certificate,
      certificates: [key.certificate, issuing.der],
      signingTime: new Date(),
    });
  // A few signatures in flight, as a server has them: the vault signs on the libuv pool, and one
  // at a time would measure thread wake-ups more than signing. Per CPU second counts all threads.
  const result = await measure(op, { seconds, concurrency: 8 });
  services.close();
  return { ...result, algorithm, concurrency: 8 };
}

/** A P-256 key and self-signed certificate made by OpenSSL, for the plain pkijs anchor. */
function opensslP256Credentials() {
  const dir = tempDir('pkijs');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-subj',
      '/CN=pkijs anchor',
      '-days',
      '2',
    ],
    { stdio: 'ignore' },
  );
  return {
    keyDer: pemToDer(readFileSync(join(dir, 'key.pem'), 'utf8')),
    certDer: pemToDer(readFileSync(join(dir, 'cert.pem'), 'utf8')),
  };
}

function pkijsModule() {
  const pkijs = require('pkijs');
  pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto }));
  return { pkijs, asn1js: require('asn1js') };
}

// Anchor: what a JavaScript developer writes first, a detached pkijs SignedData with the three
// usual signed attributes (content-type, signing-time, message-digest), ECDSA P-256 / SHA-256.
async function pkijsSign({ seconds }) {
  const { pkijs, asn1js } = pkijsModule();
  const { keyDer, certDer } = opensslP256Credentials();
  const privateKey = await webcrypto.subtle.importKey(
    'pkcs8',
    keyDer,
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  const digests = Array.from({ length: 256 }, (_, i) => sha256(`document ${i}`));
  const op = async (i) => {
    const cert = pkijs.Certificate.fromBER(certDer);
    const signedData = new pkijs.SignedData({
      version: 1,
      encapContentInfo: new pkijs.EncapsulatedContentInfo({
        eContentType: '1.2.840.113549.1.7.1',
      }),
      signerInfos: [
        new pkijs.SignerInfo({
          version: 1,
          sid: new pkijs.IssuerAndSerialNumber({
            issuer: cert.issuer,
            serialNumber: cert.serialNumber,
          }),
          signedAttrs: new pkijs.SignedAndUnsignedAttributes({
            type: 0,
            attributes: [
              new pkijs.Attribute({
                type: '1.2.840.113549.1.9.3',
                values: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.1' })],
              }),
              new pkijs.Attribute({
                type: '1.2.840.113549.1.9.5',
                values: [new asn1js.UTCTime({ valueDate: new Date() })],
              }),
              new pkijs.Attribute({
                type: '1.2.840.113549.1.9.4',
                values: [new asn1js.OctetString({ valueHex: digests[i % digests.length] })],
              }),
            ],
          }),
        }),
      ],
      certificates: [cert],
    });
    await signedData.sign(privateKey, 0, 'SHA-256');
    const contentInfo = new pkijs.ContentInfo({
      contentType: pkijs.ContentInfo.SIGNED_DATA,
      content: signedData.toSchema(true),
    });
    return contentInfo.toSchema().toBER(false);
  };
  return measure(op, { seconds, warmupOps: 20 });
}

/** A CAdES-B-T signature made by Signet's signing use case over a small document. */
async function signetBtSignature(services) {
  const { signDigest } = /** @type {typeof import('../src/signing/sign')} */ (dist('signing/sign'));
  const document = Buffer.from('A document of the benchmark, signed at level B-T.\n'.repeat(20));
  const signed = await signDigest(services.signing, {
    departmentId: 'bench',
    actor: 'bench',
    level: 'B-T',
    hash: 'sha256',
    digest: sha256(document),
  });
  return { document, cms: signed.signature };
}

// Anchor: pkijs parse + SignedData.verify of the same B-T signature (signature value and
// message digest; checkChain false, as a first version has it).
async function pkijsVerify({ seconds }) {
  const services = await freshCa('ecdsa-p256');
  const { document, cms } = await signetBtSignature(services);
  services.close();
  const { pkijs } = pkijsModule();
  const data = document.buffer.slice(document.byteOffset, document.byteOffset + document.length);
  const op = async () => {
    const contentInfo = pkijs.ContentInfo.fromBER(cms);
    const signedData = new pkijs.SignedData({ schema: contentInfo.content });
    const ok = await signedData.verify({ signer: 0, data, checkChain: false });
    if (!ok) throw new Error('pkijs did not verify the signature');
  };
  return measure(op, { seconds, warmupOps: 20 });
}

/** The use case verify() of src/verification, when it exists in dist/. */
function findVerifyUseCase() {
  let m;
  try {
    m = /** @type {typeof import('../src/verification')} */ (dist('verification'));
  } catch {
    return undefined; // not there (yet)
  }
  if (typeof m.verify !== 'function' || typeof m.caVerificationDeps !== 'function')
    return undefined;
  return m;
}

/**
 * B-T verification from the parts that exist in core/ (used while src/verification has no
 * verify()): CMS parse, message-digest, signature value, signing-certificate-v2, the time-stamp
 * token (imprint, its message-digest and signature), and RFC 5280 path validation of the signer
 * and TSA certificates to the root.
 */
function verifyBtFromParts(trust) {
  const { parseSignedData } = /** @type {typeof import('../src/core/cms')} */ (dist('core/cms'));
  const { parseTimeStampToken } = /** @type {typeof import('../src/core/tsp')} */ (
    dist('core/tsp')
  );
  const { validatePath } = /** @type {typeof import('../src/core/validation')} */ (
    dist('core/validation')
  );
  const alg = /** @type {typeof import('../src/core/algorithms')} */ (dist('core/algorithms'));
  const { OID_KP_TIME_STAMPING } = /** @type {typeof import('../src/core/oid')} */ (
    dist('core/oid')
  );

  // Certificates are looked up and their keys read with node:crypto's X509Certificate (native).
  const x509 = (der) => new X509Certificate(Buffer.from(der));
  const signatureOk = (signerInfo, cert) =>
    alg.verifySignature(
      alg.schemeFromAlgorithmIdentifier(signerInfo.signatureAlgorithm, signerInfo.digestHash),
      cert.publicKey,
      signerInfo.signedAttributesDer,
      signerInfo.signature,
    );
  const sameBytes = (a, b) => a && b && a.length === b.length && timingSafeEqual(a, b);
  const signerCertificate = (signedData, signerInfo) => {
    const sid = signerInfo.sid;
    const serial =
      sid.kind === 'issuerAndSerialNumber'
        ? Buffer.from(sid.serialNumber).toString('hex').toUpperCase().replace(/^0+/, '')
        : undefined;
    for (const der of signedData.certificates) {
      const cert = x509(der);
      if (serial === undefined || cert.serialNumber.replace(/^0+/, '') === serial) {
        return { der, cert };
      }
    }
    throw new Error('no signer certificate');
  };

  return (cms, digest) => {
    const signedData = parseSignedData(cms);
    const signerInfo = signedData.signerInfos[0];
    const signer = signerCertificate(signedData, signerInfo);
    const certHash = signerInfo.signingCertificateV2?.certs?.[0]?.certHash;
    const token = parseTimeStampToken(signerInfo.signatureTimestamps[0]);
    const tsaInfo = token.signedData.signerInfos[0];
    const tsa = signerCertificate(token.signedData, tsaInfo);
    const checks = [
      sameBytes(signerInfo.messageDigest, digest),
      signatureOk(signerInfo, signer.cert),
      !certHash || sameBytes(new Uint8Array(certHash.buffer), sha256(signer.der)),
      sameBytes(token.tstInfo.messageImprint, sha256(signerInfo.signature)),
      sameBytes(tsaInfo.messageDigest, sha256(token.tstInfoDer)),
      signatureOk(tsaInfo, tsa.cert),
      validatePath({
        target: signer.der,
        trustAnchors: [trust.root],
        untrusted: signedData.certificates,
        crls: [],
        time: token.tstInfo.genTime,
      }).valid,
      validatePath({
        target: tsa.der,
        trustAnchors: [trust.root],
        untrusted: [...token.signedData.certificates, ...signedData.certificates],
        crls: [],
        time: token.tstInfo.genTime,
        requiredEkus: [OID_KP_TIME_STAMPING],
      }).valid,
    ];
    const failed = checks.findIndex((c) => !c);
    if (failed >= 0) throw new Error(`B-T verification check ${failed} failed`);
  };
}

// Figure 5: verifications per second of a B-T signature.
async function verifyBt({ seconds }) {
  const services = await freshCa('ecdsa-p256');
  const { document, cms } = await signetBtSignature(services);
  const digest = sha256(document);
  const useCase = findVerifyUseCase();
  let op;
  let how;
  if (useCase) {
    how = 'src/verification verify() with this CA (caVerificationDeps), document given by digest';
    const deps = useCase.caVerificationDeps(services.signing);
    const hex = Buffer.from(digest).toString('hex');
    op = async () => {
      const report = await useCase.verify(deps, {
        signature: cms,
        document: useCase.documentFromDigest('sha256', hex),
      });
      if (report.indication !== 'TOTAL_PASSED') {
        throw new Error(`verify(): ${report.indication} ${report.subIndication ?? ''}`);
      }
    };
  } else {
    how =
      'no verify() use case yet: parse + message digest + signature + signing-certificate-v2 + ' +
      'time-stamp token checks + validatePath of signer and TSA certificates';
    const check = verifyBtFromParts({ root: services.authorities.get('root').der });
    op = () => check(cms, digest);
  }
  const result = await measure(op, { seconds, warmupOps: 20 });
  services.close();
  return { ...result, how };
}

/** PKCS#10 requests for P-256 keys made by OpenSSL (the client keeps its key). */
function opensslCsrs(count) {
  const dir = tempDir('csr');
  return Array.from({ length: count }, (_, i) => {
    const out = join(dir, `${i}.csr`);
    execFileSync(
      'openssl',
      [
        'req',
        '-new',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        join(dir, `${i}.key`),
        '-out',
        out,
        '-subj',
        `/CN=bench ${i}`,
      ],
      { stdio: 'ignore' },
    );
    return new Uint8Array(readFileSync(out));
  });
}

// Figure 7: department certificates issued, store and audit included. By default Signet makes
// and keeps the key (the admin API's default); with `csr` the client sends a PKCS#10 request.
async function issue({ seconds, concurrency = 16, csr = false }) {
  const services = await freshCa('ecdsa-p256');
  const { issueCertificate } = /** @type {typeof import('../src/ca/issue')} */ (dist('ca/issue'));
  const csrs = csr ? opensslCsrs(8) : undefined;
  const op = (i) =>
    issueCertificate(services.deps, services.authorities, {
      departmentId: 'bench',
      ...(csrs ? { csr: csrs[i % csrs.length] } : { keyAlgorithm: 'ecdsa-p256' }),
      actor: 'bench',
    });
  const result = await measure(op, { seconds, concurrency, warmupOps: 20 });
  services.close();
  return { ...result, concurrency, csr };
}

// Figure 8: raw signatures through each key vault (issue 17): the file vault, and SoftHSM over
// PKCS#11 in a token made here in a temporary directory (SOFTHSM2_CONF is read at C_Initialize).
async function vaultSign({ vault, algorithm, seconds, concurrency = 32 }) {
  const { FileKeyVault, Pkcs11KeyVault } = /** @type {typeof import('../src/keys')} */ (
    dist('keys')
  );
  const { KEY_ALGORITHMS, defaultScheme } = /** @type {typeof import('../src/core/algorithms')} */ (
    dist('core/algorithms')
  );
  const dir = tempDir('vault');
  let opened;
  if (vault === 'pkcs11') {
    const { writeFileSync, mkdirSync } = require('node:fs');
    mkdirSync(join(dir, 'tokens'));
    writeFileSync(join(dir, 'softhsm2.conf'), `directories.tokendir = ${join(dir, 'tokens')}\n`);
    process.env.SOFTHSM2_CONF = join(dir, 'softhsm2.conf');
    execFileSync(
      'softhsm2-util',
      ['--init-token', '--free', '--label', 'bench', '--pin', '1234', '--so-pin', '12345'],
      { stdio: 'pipe' },
    );
    opened = Pkcs11KeyVault.open({
      module: '/usr/lib/softhsm/libsofthsm2.so',
      label: 'bench',
      pin: '1234',
    });
  } else {
    opened = await FileKeyVault.open({
      dir,
      passphrase: 'bench-passphrase-long-enough',
      scryptLogN: 15,
    });
  }
  const { keyId } = await opened.generate(algorithm);
  const signer = opened.signer(keyId, defaultScheme(KEY_ALGORITHMS[algorithm]));
  const data = Buffer.alloc(200, 7); // about the size of CAdES signed attributes
  const result = await measure(() => signer.sign(data), { seconds, concurrency });
  if (opened instanceof Pkcs11KeyVault) opened.close();
  return { ...result, vault, algorithm, concurrency };
}

const TASKS = {
  'vault-sign': vaultSign,
  'cades-b': cadesB,
  'pkijs-sign': pkijsSign,
  'pkijs-verify': pkijsVerify,
  'verify-bt': verifyBt,
  issue,
};

async function main() {
  installExitHandlers();
  const [task, json] = process.argv.slice(2);
  const run = TASKS[task];
  if (!run) throw new Error(`unknown task ${task}; one of ${Object.keys(TASKS).join(', ')}`);
  const result = await run(JSON.parse(json ?? '{}'));
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exitCode = 1;
});

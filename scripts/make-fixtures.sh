#!/usr/bin/env bash
# Regenerates the test-fixture PKI in certs/ with OpenSSL (an implementation independent of
# Signet). Run from the project root: bash scripts/make-fixtures.sh. certs/README.md says why each
# file exists; the keys here are test-only and protect nothing.
set -euo pipefail
cd "$(dirname "$0")/../certs"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/ext.cnf" <<'CNF'
[root]
basicConstraints=critical,CA:true
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
[signer]
basicConstraints=critical,CA:false
keyUsage=critical,digitalSignature,nonRepudiation
extendedKeyUsage=1.3.6.1.5.5.7.3.36
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
CNF

# A CA Signet does not know, and a document signer under it: signatures that must not chain.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out foreign-root.test-key.pem
openssl req -x509 -new -key foreign-root.test-key.pem -subj '/C=CN/O=Foreign Test CA/CN=Foreign Test Root' \
  -days 7300 -sha256 -config "$tmp/ext.cnf" -extensions root -out foreign-root.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out foreign-signer.test-key.pem
openssl req -new -key foreign-signer.test-key.pem -subj '/C=CN/O=Foreign Test CA/CN=Foreign Signer' -out "$tmp/fs.csr"
openssl x509 -req -in "$tmp/fs.csr" -CA foreign-root.pem -CAkey foreign-root.test-key.pem -set_serial 0x1234567890abcdef \
  -days 3650 -sha256 -extfile "$tmp/ext.cnf" -extensions signer -out foreign-signer.pem

# Certificate signing requests: a good one, one whose self-signature is broken, one with a weak key.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out request-p256.test-key.pem
openssl req -new -key request-p256.test-key.pem -subj '/CN=Requested Name Is Ignored/O=Requester' -out request-p256.csr
openssl req -in request-p256.csr -outform DER -out "$tmp/good.der"
node -e "const fs=require('fs');const b=fs.readFileSync('$tmp/good.der');b[b.length-3]^=1;fs.writeFileSync('request-bad-signature.csr',b)"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out "$tmp/weak.key" 2>/dev/null
openssl req -new -key "$tmp/weak.key" -subj '/CN=Weak Key' -out request-rsa1024.csr
echo "fixtures written to $(pwd)"

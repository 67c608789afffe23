/**
 * encodeTstInfo writes the TSTInfo with the DER writer (issue 16, "templates for hot DER"). The
 * declared TSTInfo class of @peculiar/asn1-tsp stays the reference: 2,000 random inputs are
 * encoded both ways and must give the same bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OctetString } from '@peculiar/asn1-schema';
import { Accuracy, MessageImprint, TSTInfo } from '@peculiar/asn1-tsp';
import { GeneralName } from '@peculiar/asn1-x509';
import { digestAlgorithmIdentifier, hashLength, type HashName } from '../../../src/core/algorithms';
import { signerIdentity } from '../../../src/core/cms/signer-identity';
import { derFromPemOrDer, toDer } from '../../../src/core/encoding';
import { encodeTstInfo, type TstInfoFields } from '../../../src/core/tsp/token';
import { seededRandom, type SeededRandom } from '../../helpers/seeded-random';

const certificate = derFromPemOrDer(
  readFileSync(join(__dirname, '../../../certs/foreign-root.pem')),
  'CERTIFICATE',
);

const tsaName = new GeneralName({ directoryName: signerIdentity(certificate).subject });

/** The TSTInfo as the declared classes write it (the code before the writer). */
function declaredEncoding(input: TstInfoFields): Uint8Array {
  const stripped = (n: number | undefined) => n || undefined;
  const magnitude = input.serialNumber.subarray(input.serialNumber.findIndex((b) => b !== 0));
  const serial = (magnitude[0] ?? 0) & 0x80 ? Uint8Array.of(0, ...magnitude) : magnitude;
  return toDer(
    new TSTInfo({
      version: 1,
      policy: input.policy,
      messageImprint: new MessageImprint({
        hashAlgorithm: input.hashAlgorithm ?? digestAlgorithmIdentifier(input.hash),
        hashedMessage: new OctetString(input.messageImprint),
      }),
      serialNumber: Uint8Array.from(serial).buffer,
      genTime: input.genTime,
      accuracy:
        input.accuracy &&
        new Accuracy({
          seconds: stripped(input.accuracy.seconds),
          millis: stripped(input.accuracy.millis),
          micros: stripped(input.accuracy.micros),
        }),
      nonce: input.nonce && Uint8Array.from(input.nonce).buffer,
      tsa: input.includeTsaName ? tsaName : undefined,
    }),
  );
}

const HASHES: HashName[] = ['sha256', 'sha384', 'sha512'];

function randomInput(r: SeededRandom): TstInfoFields {
  const hash = r.pick(HASHES);
  const optional = <T>(value: () => T): T | undefined => (r.below(2) === 0 ? value() : undefined);
  // A nonce is an INTEGER as the client sent it: positive, DER (no redundant leading octet).
  const nonce = (): Uint8Array => {
    const octets = r.bytes(1 + r.below(16));
    octets[0] = 1 + r.below(0x7f);
    return octets;
  };
  return {
    hash,
    messageImprint: r.bytes(hashLength(hash)),
    serialNumber: Uint8Array.of(...r.bytes(r.below(4)).map(() => 0), ...r.bytes(r.below(20)), 1),
    // Times across the fraction forms: whole seconds, .1, .12, .123, .100, .120.
    genTime: new Date(
      Date.UTC(
        2000 + r.below(60),
        r.below(12),
        1 + r.below(28),
        r.below(24),
        r.below(60),
        r.below(60),
      ) + r.pick([0, 100, 120, 123, 1, 10, 999, r.below(1000)]),
    ),
    accuracy: optional(() => ({
      seconds: r.pick([undefined, 0, 1, 127, 128, 255, 256, 65_536, 2 ** 40]),
      millis: r.pick([undefined, 0, 1, 127, 128, 999]),
      micros: r.pick([undefined, 0, 1, 500, 999]),
    })),
    nonce: optional(nonce),
    policy: r.pick(['1.3.6.1.4.1.99999.2.1', '1.2.3.4', '2.16.156.1']),
    tsaCertificate: certificate,
    includeTsaName: r.below(2) === 0,
  };
}

describe('encodeTstInfo (DER writer)', () => {
  it('writes the same bytes as the declared TSTInfo for 2,000 random inputs', () => {
    const r = seededRandom(3161);
    for (let i = 0; i < 2_000; i++) {
      const input = randomInput(r);
      const written = Buffer.from(encodeTstInfo(input));
      const declared = Buffer.from(declaredEncoding(input));
      if (!written.equals(declared)) {
        expect([i, written.toString('hex')]).toEqual([i, declared.toString('hex')]);
      }
    }
  });
});

import { FormatError } from '../errors';

export const SERIAL_RANDOM_BYTES = 16;

/**
 * A certificate serial from 16 CSPRNG bytes: RFC 5280 4.1.2.2 wants a positive INTEGER of at most
 * 20 octets; CA/B Forum practice wants at least 64 random bits. The top bit is cleared (positive)
 * and the next one set, so every serial is exactly 16 octets in minimal DER with 126 random bits.
 */
export function serialFromRandom(random: Uint8Array): Uint8Array {
  if (random.length !== SERIAL_RANDOM_BYTES) {
    throw new FormatError('INVALID_VALUE', `A serial needs ${SERIAL_RANDOM_BYTES} random bytes.`);
  }
  const serial = Uint8Array.from(random);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40;
  return serial;
}

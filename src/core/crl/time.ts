import { Time } from '@peculiar/asn1-x509';
import { CrlError } from './errors';

/**
 * A CRL time (thisUpdate, nextUpdate, revocationDate) as RFC 5280 5.1.2.4 requires: UTCTime for
 * dates through 2049, GeneralizedTime from 2050, in whole seconds of Zulu time.
 */
export function crlTime(date: Date, field: string): Time {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new CrlError('INVALID_TIME', `The ${field} is not a valid date.`);
  const seconds = new Date(ms - (((ms % 1000) + 1000) % 1000));
  const year = seconds.getUTCFullYear();
  if (year < 1950 || year > 9999) {
    throw new CrlError('INVALID_TIME', `The ${field} is outside the years 1950 to 9999.`);
  }
  return year < 2050 ? new Time({ utcTime: seconds }) : new Time({ generalTime: seconds });
}

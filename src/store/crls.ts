import type { CrlStore } from '../ca/ports';
import type { CrlRecord } from '../ports';
import type { Db } from './database';
import { guard } from './guard';

interface CrlRow {
  issuer_key_id: string;
  number: string;
  this_update: string;
  next_update: string;
  der: Buffer;
}

/**
 * Published CRLs. The number is kept as decimal text (CRL numbers may reach 20 octets, beyond
 * SQLite's INTEGER) and ordered numerically by length first; the primary key refuses a reused one.
 */
export class SqliteCrlStore implements CrlStore {
  constructor(private readonly db: Db) {}

  latestCrl(issuerKeyId: string): CrlRecord | undefined {
    const row = guard(
      () =>
        this.db
          .prepare(
            'SELECT * FROM crls WHERE issuer_key_id = ? ORDER BY length(number) DESC, number DESC LIMIT 1',
          )
          .get(issuerKeyId) as CrlRow | undefined,
    );
    return (
      row && {
        number: BigInt(row.number),
        issuerKeyId: row.issuer_key_id,
        thisUpdate: row.this_update,
        nextUpdate: row.next_update,
        der: new Uint8Array(row.der),
      }
    );
  }

  saveCrl(r: CrlRecord): void {
    guard(() =>
      this.db
        .prepare(
          'INSERT INTO crls (issuer_key_id, number, this_update, next_update, der) VALUES (?, ?, ?, ?, ?)',
        )
        .run(r.issuerKeyId, r.number.toString(), r.thisUpdate, r.nextUpdate, Buffer.from(r.der)),
    );
  }
}

/**
 * The server anchors what it wrote (issue 14 item 3): after a SIGTERM the last anchor covers the
 * head of the log and carries its TSA time-stamp, so `signet audit verify` passes with every entry
 * the server appended signed, not only those before the last 2-second tick.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { signet } from '../helpers/cli';
import { startServer } from '../helpers/server';

jest.setTimeout(180_000);

describe('the server anchors the audit log', () => {
  it('covers the head at shutdown, time-stamped', async () => {
    const server = await startServer();
    for (const name of ['a.txt', 'b.txt', 'c.txt']) {
      const r = await fetch(`${server.url}/api/v1/sign?format=cades&level=B-B&name=${name}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${server.demoApiKey}`,
          'content-type': 'application/octet-stream',
        },
        body: `The notice ${name}`,
      });
      expect(r.status).toBe(201);
    }
    expect(await server.stop('SIGTERM')).toBe(0);

    const db = new Database(join(server.dataDir, 'signet.db'), { readonly: true });
    const head = db.prepare('SELECT seq, hash FROM audit_head').get() as { seq: number };
    const last = db
      .prepare('SELECT seq, hash, timestamp_token FROM audit_anchors ORDER BY seq DESC LIMIT 1')
      .get() as { seq: number; hash: string; timestamp_token: Buffer | null };
    const signed = db
      .prepare("SELECT count(*) FROM audit_log WHERE action = 'document.signed'")
      .pluck()
      .get();
    db.close();
    expect(signed).toBe(3);
    expect(last).toMatchObject(head);
    expect(last.timestamp_token?.length).toBeGreaterThan(100);
    const r = signet(['audit', 'verify', '--data-dir', server.dataDir]);
    expect([r.status, r.stderr]).toEqual([0, '']);
  });
});

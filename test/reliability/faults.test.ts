/**
 * Storage faults under a running server: a full data directory (a small tmpfs filled to the last
 * page), a read-only one (chattr +i on the directory and every file: Linux refuses to remount a
 * file system read-only while SQLite holds its files open for writing, and the immutable flag
 * stops writes to open files too, even root's), and a read-only keys/ folder (a read-only bind
 * mount: the vault keeps no file open). In each: writes answer 503 with STORE_UNAVAILABLE or
 * STORAGE_FAILED (never 500), reads keep working, /readyz says 503; once the fault is gone the
 * same writes succeed without a restart, and the store is sound (integrity check, audit chain,
 * everything answered 2xx is stored, no reservation beyond the refused issuances).
 *
 * Needs root for mount and chattr (CI runs as root) and a kernel that lets this process mount (not
 * every container does): probed when the file loads, and without it the whole suite is skipped
 * visibly (describe.skip with the reason in its name), never passed without running.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { signet } from '../helpers/cli';
import { ecKeyAndCsr, mustOpenssl, tempDir } from '../helpers/openssl';
import { startServer, type RunningServer } from '../helpers/server';
import { Client, Tally, type Answer } from './harness';

const FS_SIZE = '48M';

function run(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A small file system on `dir`: ext4 in a loop-mounted image, where both a full disk and the
 * immutable flag behave as on a server's disk; else a tmpfs (full works; tmpfs does not enforce
 * the immutable flag on files already open, so the read-only case is then skipped).
 */
function mountSmallFileSystem(dir: string, image: string): 'ext4' | 'tmpfs' | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (
    run('truncate', ['-s', FS_SIZE, image]) &&
    run('mkfs.ext4', ['-q', '-F', image]) &&
    run('mount', ['-o', 'loop', image, dir])
  )
    return 'ext4';
  rmSync(image, { force: true });
  return run('mount', ['-t', 'tmpfs', '-o', `size=${FS_SIZE}`, 'tmpfs', dir]) ? 'tmpfs' : undefined;
}

/** What this machine allows, found by mounting and unmounting a throw-away small file system. */
function probeSmallFileSystem(): 'ext4' | 'tmpfs' | undefined {
  const dir = tempDir('signet-faults-probe-');
  const fsType = mountSmallFileSystem(dir, `${dir}.img`);
  if (fsType && !run('umount', [dir])) run('umount', ['-l', dir]);
  rmSync(`${dir}.img`, { force: true });
  return fsType;
}

const PROBED = probeSmallFileSystem();
const describeIfMountable = PROBED ? describe : describe.skip;
const SKIP_REASON = PROBED
  ? ''
  : ' (SKIPPED: mounting a small file system needs root and mount rights; CI runs as root)';
if (!PROBED) console.warn(`faults: every case${SKIP_REASON}`);
/** The read-only case needs ext4: tmpfs does not enforce chattr +i on files already open. */
const itIfExt4 = PROBED === 'ext4' ? it : it.skip;
const EXT4_SKIP_REASON =
  PROBED === 'ext4'
    ? ''
    : ' (SKIPPED: needs an ext4 loop mount; tmpfs ignores chattr +i on open files)';

/** Fills the file system of `dir` to its last byte; returns the filler's path. */
function fill(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  try {
    for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 9, 1]) {
      const chunk = Buffer.alloc(size, 0x5a);
      for (;;) {
        try {
          if (writeSync(fd, chunk) < size) break;
        } catch {
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

interface Ledger {
  certificates: Map<string, string>;
  revoked: Set<string>;
  /** Signatures answered 201: id -> verification code. */
  documents: Map<string, string>;
  /** Issue requests refused with 503: each may leave a reservation that is never released. */
  refusedIssues: number;
}

describeIfMountable(`storage faults: full or read-only data directory${SKIP_REASON}`, () => {
  const base = tempDir('signet-faults-');
  const dataDir = join(base, 'data');
  const image = `${base}.img`;
  let mounted = false;
  let fsType: 'ext4' | 'tmpfs' | undefined;
  let server: RunningServer | undefined;
  let client: Client;
  let csr = '';
  const ledger: Ledger = {
    certificates: new Map(),
    revoked: new Set(),
    documents: new Map(),
    refusedIssues: 0,
  };
  let counter = 0;

  beforeAll(async () => {
    fsType = mountSmallFileSystem(base, image);
    mounted = fsType !== undefined;
    if (fsType !== PROBED) throw new Error(`faults: probed ${PROBED}, but mounted ${fsType}`);
    console.log(`faults: data directory on a ${FS_SIZE} ${fsType} file system`);
    mkdirSync(dataDir, { mode: 0o700 });
    server = await startServer({ SIGNET_DATA_DIR: dataDir, SIGNET_RATE_LIMIT_PER_MINUTE: '0' });
    client = new Client(server.url, 4);
    const files = tempDir('signet-faults-csr-');
    ecKeyAndCsr(join(files, 'k.pem'), join(files, 'r.pem'), '/CN=x');
    csr = readFileSync(join(files, 'r.pem'), 'utf8');
  });

  afterAll(async () => {
    if (server && server.process.exitCode !== null)
      console.log(
        `faults: the server exited early; its log ends:\n${server.logs().split('\n').slice(-30).join('\n')}`,
      );
    client?.close();
    await server?.stop();
    run('chattr', ['-R', '-i', base]);
    if (mounted) {
      run('umount', [join(dataDir, 'keys')]);
      if (!run('umount', [base])) run('umount', ['-l', base]);
    }
    rmSync(image, { force: true });
  });

  /** One of each kind of write: what each answered, with the ledger updated for each success. */
  async function writes(): Promise<{ label: string; answer: Answer }[]> {
    const s = server as RunningServer;
    const admin = s.adminToken;
    const out: { label: string; answer: Answer }[] = [];
    const note = (label: string, answer: Answer) => out.push({ label, answer });
    const digest = createHash('sha256')
      .update(`fault ${(counter += 1)}`)
      .digest('hex');
    const signed = await client.json(
      'POST',
      '/api/v1/sign/digest?level=B-T',
      { digestAlgorithm: 'sha256', digest },
      s.demoApiKey,
    );
    note('sign', signed);
    if (signed.status === 201) {
      const doc = JSON.parse(signed.body.toString());
      ledger.documents.set(doc.id, doc.verificationCode);
    }
    for (const [label, body] of [
      ['issue (kept key)', { department: 'demo' }],
      ['issue (CSR)', { department: 'demo', csr }],
    ] as const) {
      const a = await client.json('POST', '/api/v1/certificates', body, admin);
      note(label, a);
      if (a.status === 201) ledger.certificates.set(JSON.parse(a.body.toString()).serial, label);
      if (a.status === 503) ledger.refusedIssues += 1;
    }
    const victim = [...ledger.certificates.keys()].find((x) => !ledger.revoked.has(x));
    if (victim) {
      const a = await client.json(
        'POST',
        `/api/v1/certificates/${victim}/revoke`,
        { reason: 'superseded' },
        admin,
      );
      note('revoke', a);
      if (a.status === 200) ledger.revoked.add(victim);
    }
    note(
      'add department',
      await client.json(
        'POST',
        '/api/v1/departments',
        { id: `fault-${counter}`, name: `Fault Bureau ${counter}` },
        admin,
      ),
    );
    return out;
  }

  /** Reads that need no write: a registry look-up, TSA, CRL, CA certificate, liveness. */
  async function reads(): Promise<Tally> {
    const tally = new Tally();
    const code = [...ledger.documents.values()][0];
    for (const a of [
      code ? await client.request('GET', `/api/v1/documents/${code}`) : undefined,
      await client.request('GET', '/crl/issuing.crl'),
      await client.request('GET', '/ca/issuing.crt'),
      await client.request('GET', '/healthz'),
      await client.request('POST', '/tsa', {
        headers: { 'content-type': 'application/timestamp-query' },
        body: tsaQuery(),
      }),
    ]) {
      if (a) tally.add(a.status);
    }
    return tally;
  }

  let query: Buffer | undefined;
  function tsaQuery(): Buffer {
    if (!query) {
      const dir = tempDir('signet-faults-tsq-');
      mustOpenssl(['rand', '-out', join(dir, 'd'), '32']);
      mustOpenssl(['ts', '-query', '-data', join(dir, 'd'), '-sha256', '-out', join(dir, 'q')]);
      query = readFileSync(join(dir, 'q'));
    }
    return query;
  }

  async function readyz(want: number): Promise<number> {
    const deadline = Date.now() + 5000;
    let status = 0;
    do {
      status = (await client.request('GET', '/readyz')).status;
      if (status === want) return status;
      await new Promise((r) => setTimeout(r, 250));
    } while (Date.now() < deadline);
    return status;
  }

  /** Writes under the fault: 2xx or 503 with a storage code, at least one 503; reads all 200. */
  async function underFault(name: string): Promise<void> {
    const answers = await writes();
    const statuses = new Tally();
    const bad: string[] = [];
    for (const { label, answer } of answers) {
      statuses.add(answer.status);
      if (answer.status === 503) {
        const code = JSON.parse(answer.body.toString()).error?.code;
        if (!['STORE_UNAVAILABLE', 'STORAGE_FAILED'].includes(code))
          bad.push(`${label}: 503 ${code}`);
      } else if (answer.status >= 300) {
        bad.push(`${label}: ${answer.status} ${answer.body.toString().slice(0, 200)}`);
      }
    }
    const readTally = await reads();
    const ready = await readyz(503);
    console.log(
      `faults, ${name}: writes {${statuses}} (${answers.map((a) => `${a.label} ${a.answer.status}`).join(', ')}); ` +
        `reads {${readTally}}; /readyz ${ready}`,
    );
    expect(bad).toEqual([]);
    expect(statuses.get(503)).toBeGreaterThan(0);
    expect(readTally.toString()).toMatch(/^200: \d+$/);
    expect(ready).toBe(503);
  }

  /** After the fault: every write succeeds again, /readyz is 200, and the store is sound. */
  async function recovered(name: string): Promise<void> {
    const ready = await readyz(200);
    const answers = await writes();
    console.log(
      `faults, ${name} removed: /readyz ${ready}; writes ${answers.map((a) => `${a.label} ${a.answer.status}`).join(', ')}`,
    );
    expect(ready).toBe(200);
    expect(answers.filter((a) => a.answer.status >= 300).map((a) => a.label)).toEqual([]);
    await sound(name);
  }

  async function sound(name: string): Promise<void> {
    const audit = signet(['audit', 'verify', '--data-dir', dataDir, '--json']);
    expect(audit.status).toBe(0);
    const db = new Database(join(dataDir, 'signet.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const status = new Map(
        (
          db.prepare("SELECT serial, status FROM certificates WHERE role = 'department'").all() as {
            serial: string;
            status: string;
          }[]
        ).map((r) => [r.serial, r.status]),
      );
      const lost = [
        ...[...ledger.certificates.keys()].filter(
          (x) => !['issued', 'revoked'].includes(status.get(x) ?? ''),
        ),
        ...[...ledger.revoked].filter((x) => status.get(x) !== 'revoked'),
        ...[...ledger.documents.keys()].filter(
          (id) => !db.prepare('SELECT 1 FROM documents WHERE id = ?').get(id),
        ),
      ];
      expect(lost).toEqual([]);
      const reserved = [...status.values()].filter(
        (x) => x === 'reserved' || x === 'failed',
      ).length;
      expect(reserved).toBeLessThanOrEqual(ledger.refusedIssues);
      console.log(
        `faults, after ${name}: integrity ok, audit chain ok (${JSON.parse(audit.stdout).entries} entries), ` +
          `${ledger.certificates.size} certificates, ${ledger.revoked.size} revocations and ${ledger.documents.size} ` +
          `signatures answered 2xx all stored; ${reserved} reservations left by ${ledger.refusedIssues} refused issuances`,
      );
    } finally {
      db.close();
    }
  }

  it('a full data directory: writes 503, reads served, /readyz 503; recovers when space returns', async () => {
    const baseline = await writes();
    expect(baseline.map((a) => a.answer.status).every((s) => s < 300)).toBe(true);
    // An empty WAL, so that the next write must grow a file on the full disk.
    const db = new Database(join(dataDir, 'signet.db'));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const filler = fill(base);
    console.log(
      `faults: ${fsType} of ${FS_SIZE} filled (${execFileSync('df', ['-h', base]).toString().split('\n')[1]})`,
    );
    try {
      await underFault('disk full');
    } finally {
      rmSync(filler);
    }
    await recovered('disk full');
  });

  itIfExt4(
    `a read-only data directory (immutable files): writes 503, reads served, /readyz 503; recovers${EXT4_SKIP_REASON}`,
    async () => {
      expect(run('chattr', ['-R', '+i', dataDir])).toBe(true);
      try {
        await underFault('read-only data directory');
      } finally {
        expect(run('chattr', ['-R', '-i', dataDir])).toBe(true);
      }
      await recovered('read-only data directory');
    },
  );

  it('a read-only keys/ folder (read-only bind mount): a new kept key is refused 503, the rest works', async () => {
    const keys = join(dataDir, 'keys');
    expect(run('mount', ['--bind', keys, keys])).toBe(true);
    try {
      expect(run('mount', ['-o', 'remount,bind,ro', keys])).toBe(true);
      const answers = await writes();
      const byLabel = Object.fromEntries(answers.map((a) => [a.label, a.answer]));
      const ready = await readyz(503);
      console.log(
        `faults, read-only keys/: ${answers.map((a) => `${a.label} ${a.answer.status}`).join(', ')}; /readyz ${ready}`,
      );
      expect(byLabel['issue (kept key)']?.status).toBe(503);
      expect(JSON.parse(byLabel['issue (kept key)']?.body.toString() ?? '{}').error.code).toBe(
        'STORAGE_FAILED',
      );
      expect(byLabel['issue (CSR)']?.status).toBe(201);
      expect(byLabel.sign?.status).toBe(201);
      expect(ready).toBe(503);
    } finally {
      expect(run('umount', [keys])).toBe(true);
    }
    await recovered('read-only keys/');
  });
});

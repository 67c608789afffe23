import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './database';
import { StoreError } from './errors';

const MIGRATIONS_DIR = join(__dirname, 'migrations');

/** The migrations this Signet knows, and which of them the database has not had yet. */
function pending(db: Db): string[] {
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[],
  );
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  const known = new Set(files.map((f) => Number(f.slice(0, 3))));
  const newest = Math.max(0, ...applied);
  if (newest > Math.max(0, ...known)) {
    throw new StoreError(
      'STORE_NEWER_SCHEMA',
      'The database was written by a newer Signet; upgrade Signet first.',
    );
  }
  return files.filter((f) => !applied.has(Number(f.slice(0, 3))));
}

/**
 * Numbered, forward-only migrations (NNN_name.sql), each applied once in its own transaction. Two
 * processes opening the database at once (server workers, the CLI) each ask again under the write
 * lock whether a migration is still missing, so none is applied twice.
 */
export function runMigrations(db: Db): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)',
  );
  const applied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  for (const file of pending(db)) {
    const version = Number(file.slice(0, 3));
    const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
    db.transaction(() => {
      if (applied.get(version) !== undefined) return;
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(version, file);
    }).immediate();
  }
}

/** For a database opened read-only: refuses one that lacks a migration instead of running it. */
export function assertMigrated(db: Db, dataDir: string): void {
  if (pending(db).length > 0) {
    throw new StoreError(
      'STORE_OLDER_SCHEMA',
      `The database in ${dataDir} was written by an older Signet: start the server or run a writing command once to upgrade it.`,
    );
  }
}

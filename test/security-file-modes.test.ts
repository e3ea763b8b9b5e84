import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { sqliteDriverName } from '../src/db/sqlite/handle.js';

/**
 * A first start creates the data folder, the SQLite database (with its -wal and -shm files while
 * it is open) and the development secret. Other local users must not be able to read any of them.
 * Whatever DATABASE_URL the suite runs with, this is about the embedded database's own files.
 */

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8).padStart(4, '0');

describe('files a first start creates', () => {
  it('makes the data folder 0700, and the database, its WAL and shared-memory files, secret.key and ticket-signing.key 0600', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bmm-perms-'));
    scratch.push(root);
    const dataDir = join(root, 'var', 'data');
    const url = `sqlite:${join(dataDir, 'bookmemovie.db')}`;

    // What `npm start` does with no settings: the secret first, then the database.
    const config = loadConfig({ DATABASE_URL: url });
    expect(config.secretGenerated).toBe(true);
    expect(config.ticketSigningKeyGenerated).toBe(true);
    const db = openDatabase(url);
    try {
      await migrateToLatest(db);
      await db.ping();
      const files = ['bookmemovie.db', 'bookmemovie.db-wal', 'bookmemovie.db-shm', 'secret.key', 'ticket-signing.key'].map((f) =>
        join(dataDir, f),
      );
      for (const file of files) expect(existsSync(file), file).toBe(true);
      const modes = Object.fromEntries([join(root, 'var'), dataDir, ...files].map((p) => [p.slice(root.length), modeOf(p)]));
      console.info(`modes after a first start (${sqliteDriverName()}):`, modes);
      expect(modes).toEqual({
        '/var': '0700',
        '/var/data': '0700',
        '/var/data/bookmemovie.db': '0600',
        '/var/data/bookmemovie.db-wal': '0600',
        '/var/data/bookmemovie.db-shm': '0600',
        '/var/data/secret.key': '0600',
        '/var/data/ticket-signing.key': '0600',
      });
    } finally {
      await db.close();
    }
  });

  it('creates the database privately also when SECRET_KEY is set (no secret file written)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bmm-perms-'));
    scratch.push(root);
    const dataDir = join(root, 'db');
    const db = openDatabase(`sqlite:${join(dataDir, 'app.db')}`);
    try {
      await migrateToLatest(db);
      expect(modeOf(dataDir)).toBe('0700');
      expect(modeOf(join(dataDir, 'app.db'))).toBe('0600');
      expect(modeOf(join(dataDir, 'app.db-wal'))).toBe('0600');
    } finally {
      await db.close();
    }
  });
});

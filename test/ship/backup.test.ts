// Backups on real SQLite files: an online backup taken while another process keeps writing
// restores to a database that opens, passes integrity_check and holds the rows; the CLI
// prints size and path; restore sets the replaced database aside; newer schemas are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { closeDatabase, openDatabase, schemaVersion } from '../../src/adapters/sqlite/database.js';
import { isAppError } from '../../src/core/errors.js';
import {
  KNOWN_SCHEMA_VERSION,
  backupDatabase,
  restoreDatabase,
  verifyBackup,
} from '../../src/services/backup.service.js';
import { countRows, insertMessage } from './store-fixtures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = import.meta.resolve('tsx');
const MAIN = join(ROOT, 'src/cli/main.ts');

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'assistant-backup-'));
}

/** A second process that commits a log row every few milliseconds until killed. */
const WRITER = `
import Database from 'better-sqlite3';
const db = new Database(process.argv[1]);
db.pragma('busy_timeout = 5000');
const insert = db.prepare("INSERT INTO event_logs (timestamp, event_type, message) VALUES (?, 'writer.tick', 'tick')");
let n = 0;
const tick = () => { insert.run(new Date().toISOString()); n += 1; if (n === 20) process.stdout.write('writing\\n'); setTimeout(tick, 1); };
tick();
process.on('SIGTERM', () => { db.close(); process.exit(0); });
`;

void test('a backup taken while another process writes restores to a sound database', async () => {
  const dir = tempDir();
  const live = join(dir, 'live', 'assistant.db');
  const db = openDatabase(live);
  const writer = spawn(process.execPath, ['--input-type=module', '-e', WRITER, live], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    for (let i = 0; i < 300; i++) insertMessage(db, { authorizationStatus: 'done' });
    await new Promise<void>((resolveStarted, reject) => {
      writer.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('writing')) resolveStarted();
      });
      writer.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
    });

    const backup = await backupDatabase(live, join(dir, 'backups', 'copy.db'));
    assert.equal(backup.path, join(dir, 'backups', 'copy.db'));
    assert.ok(backup.bytes > 0);
    assert.equal(backup.schemaVersion, KNOWN_SCHEMA_VERSION);
    assert.ok(!existsSync(`${backup.path}.partial`));

    const verified = verifyBackup(backup.path);
    assert.equal(verified.ok, true);
    assert.deepEqual(verified.integrity, ['ok']);
    assert.equal(verified.counts.messages, 300);
    assert.equal(verified.counts.authorizations, 300);
    assert.equal(verified.counts.actions, 300);

    const target = join(dir, 'restored', 'assistant.db');
    const restored = restoreDatabase(backup.path, target);
    assert.equal(restored.previousSetAside, null);
    const reopened = openDatabase(target);
    try {
      assert.equal(reopened.pragma('integrity_check', { simple: true }), 'ok');
      assert.equal(schemaVersion(reopened), KNOWN_SCHEMA_VERSION);
      assert.equal(countRows(reopened, 'messages'), 300);
      assert.equal(countRows(reopened, 'authorizations'), 300);
      assert.ok(countRows(reopened, 'event_logs') >= 20, 'the writer’s committed rows are in');
    } finally {
      closeDatabase(reopened);
    }
  } finally {
    writer.kill('SIGTERM');
    if (writer.exitCode === null) await new Promise((r) => writer.once('exit', r));
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('restore sets the replaced database and its WAL aside instead of deleting them', async () => {
  const dir = tempDir();
  try {
    const live = join(dir, 'assistant.db');
    const db = openDatabase(live);
    insertMessage(db);
    const backup = await backupDatabase(live, join(dir, 'one-message.db'));
    insertMessage(db);
    // Leave the live database open with a WAL file, as a crashed service would.
    const result = restoreDatabase(backup.path, live, new Date('2026-02-03T04:05:06.007Z'));
    db.close();
    assert.ok(result.previousSetAside);
    assert.ok(existsSync(result.previousSetAside));
    const previous = new Database(result.previousSetAside, { readonly: true });
    assert.equal(countRows(previous, 'messages'), 2, 'nothing of the old database was lost');
    previous.close();
    const restored = openDatabase(live);
    assert.equal(countRows(restored, 'messages'), 1);
    closeDatabase(restored);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('backup refuses to overwrite a file or copy the database onto itself', async () => {
  const dir = tempDir();
  try {
    const live = join(dir, 'assistant.db');
    closeDatabase(openDatabase(live));
    writeFileSync(join(dir, 'exists.db'), 'keep me');
    await assert.rejects(backupDatabase(live, join(dir, 'exists.db')), /already exists/);
    await assert.rejects(backupDatabase(live, live), /cannot be the database itself/);
    await assert.rejects(backupDatabase(join(dir, 'none.db'), join(dir, 'x.db')), /no database/);
    const forced = await backupDatabase(live, join(dir, 'exists.db'), { overwrite: true });
    assert.equal(verifyBackup(forced.path).ok, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('the CLI writes a backup, prints its size and path, and verifies it', () => {
  const dir = tempDir();
  try {
    const live = join(dir, 'data', 'assistant.db');
    const db = openDatabase(live);
    insertMessage(db, { authorizationStatus: 'done' });
    closeDatabase(db);
    const env = { ...process.env, SQLITE_DB_PATH: live, NODE_ENV: 'test' };
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', TSX, MAIN, ...args], {
        cwd: dir,
        env,
        encoding: 'utf8',
        timeout: 60_000,
      });

    const made = run('backup', join(dir, 'b.db'));
    assert.equal(made.status, 0, made.stderr);
    assert.match(made.stdout, new RegExp(`backup written: ${join(dir, 'b.db')} \\(\\d`));

    const ok = run('backup', '--verify', join(dir, 'b.db'));
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /integrity: ok/);
    assert.match(ok.stdout, /1 messages, 1 authorizations, 1 actions/);

    writeFileSync(join(dir, 'garbage.db'), Buffer.alloc(8192, 7));
    const bad = run('backup', '--verify', join(dir, 'garbage.db'));
    assert.notEqual(bad.status, 0);
    assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('a database newer than the code is refused, untouched, and cannot be restored', () => {
  const dir = tempDir();
  try {
    const path = join(dir, 'future.db');
    const future = new Database(path);
    future.exec('CREATE TABLE from_the_future (x INTEGER)');
    future.pragma(`user_version = ${KNOWN_SCHEMA_VERSION + 5}`);
    future.close();

    assert.throws(
      () => openDatabase(path),
      (err: unknown) =>
        isAppError(err) &&
        err.code === 'STORE_ERR_NEWER_SCHEMA' &&
        err.retryable === false &&
        /newer than this program knows/.test(err.message) &&
        /upgrade/.test(err.hint ?? ''),
    );
    const after = new Database(path, { readonly: true });
    assert.equal(after.pragma('user_version', { simple: true }), KNOWN_SCHEMA_VERSION + 5);
    const tables = after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    assert.deepEqual(
      tables.map((t) => t.name),
      ['from_the_future'],
      'no migration ran on the newer database',
    );
    after.close();

    assert.equal(verifyBackup(path).ok, false);
    assert.throws(() => restoreDatabase(path, join(dir, 'assistant.db')), /not a sound backup/);
    assert.ok(!existsSync(join(dir, 'assistant.db')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('the CLI refuses to restore while something serves on API_PORT', async () => {
  const dir = tempDir();
  // A stand-in for a running (even degraded) service answering /health.
  const server = createServer((_req, res) => res.writeHead(503).end('{"status":"degraded"}'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const live = join(dir, 'assistant.db');
    const db = openDatabase(live);
    insertMessage(db);
    const backup = await backupDatabase(live, join(dir, 'b.db'));
    insertMessage(db);
    closeDatabase(db);
    const port = (server.address() as AddressInfo).port;
    const child = spawn(
      process.execPath,
      ['--import', TSX, MAIN, 'backup', '--restore', backup.path],
      {
        cwd: dir,
        env: {
          ...process.env,
          SQLITE_DB_PATH: live,
          API_HOST: '127.0.0.1',
          API_PORT: String(port),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    assert.notEqual(code, 0);
    assert.match(stderr, /the service is running/);
    const after = new Database(live, { readonly: true });
    assert.equal(countRows(after, 'messages'), 2, 'the live database was not replaced');
    after.close();
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

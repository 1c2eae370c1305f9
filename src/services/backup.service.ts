// Backups of the SQLite store: an online copy through SQLite's backup API (consistent while the
// service keeps writing), a check that a copy is sound and which schema it holds, and a restore
// that sets the current database aside instead of overwriting it.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppError } from '../core/errors.js';
import { MIGRATIONS } from '../adapters/sqlite/migrations/index.js';

export interface BackupResult {
  path: string;
  bytes: number;
  schemaVersion: number;
}

export interface VerifyResult {
  path: string;
  bytes: number;
  ok: boolean;
  /** `ok` or the first problems integrity_check reported. */
  integrity: string[];
  schemaVersion: number;
  /** The newest schema this program knows; a backup above it cannot be restored here. */
  knownSchemaVersion: number;
  counts: { messages: number; authorizations: number; actions: number };
}

export interface RestoreResult {
  restoredFrom: string;
  databasePath: string;
  /** Where the database that was replaced now lives (null when there was none). */
  previousSetAside: string | null;
}

export const KNOWN_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

const ioError = (message: string, cause?: unknown, hint?: string): AppError =>
  new AppError('STORE_ERR_IO', message, { retryable: false, cause, hint });

/**
 * Copies the live database to `destination` with SQLite's online backup, so it is safe while
 * `assistant serve` runs: readers and writers carry on, the copy is one consistent snapshot.
 * Written to `<destination>.partial` and renamed, so a crash never leaves a half file under
 * the chosen name. Refuses to overwrite an existing file unless `overwrite` is set.
 */
export async function backupDatabase(
  databasePath: string,
  destination: string,
  options: { overwrite?: boolean } = {},
): Promise<BackupResult> {
  const source = resolve(databasePath);
  const target = resolve(destination);
  if (source === target) throw ioError('the backup file cannot be the database itself');
  if (!existsSync(source)) {
    throw ioError(`there is no database at ${source}`, undefined, 'check SQLITE_DB_PATH');
  }
  if (existsSync(target) && !options.overwrite) {
    throw ioError(`${target} already exists`, undefined, 'choose a new name or pass --force');
  }
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });

  // Opened without migrating: a backup copies whatever is there, even a newer schema.
  const db = openExisting(source, false);
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(partial);
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    renameSync(partial, target);
    return { path: target, bytes: statSync(target).size, schemaVersion };
  } catch (err) {
    rmSync(partial, { force: true });
    if (err instanceof AppError) throw err;
    throw ioError(`the backup to ${target} failed: ${(err as Error).message}`, err);
  } finally {
    db.close();
  }
}

/** Opens a backup read-only and reports integrity_check, schema version and row counts. */
export function verifyBackup(path: string): VerifyResult {
  const file = resolve(path);
  if (!existsSync(file)) throw ioError(`there is no file at ${file}`);
  const db = openExisting(file, true);
  try {
    return inspect(db, file);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw ioError(`${file} is not a readable SQLite database: ${(err as Error).message}`, err);
  } finally {
    db.close();
  }
}

function inspect(db: Database.Database, file: string): VerifyResult {
  const integrity = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map(
    (row) => row.integrity_check,
  );
  const schemaVersion = db.pragma('user_version', { simple: true }) as number;
  const count = (table: string): number => {
    const exists = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
      .get(table);
    if (!exists) return 0;
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  };
  const counts = {
    messages: count('messages'),
    authorizations: count('authorizations'),
    actions: count('actions'),
  };
  const ok =
    integrity.length === 1 &&
    integrity[0] === 'ok' &&
    schemaVersion >= 1 &&
    schemaVersion <= KNOWN_SCHEMA_VERSION;
  return {
    path: file,
    bytes: statSync(file).size,
    ok,
    integrity,
    schemaVersion,
    knownSchemaVersion: KNOWN_SCHEMA_VERSION,
    counts,
  };
}

/**
 * Puts a verified backup in place of the database. The service must be stopped (the caller
 * checks). The current database and its -wal/-shm files are renamed aside together, never
 * deleted, so a mistaken restore can itself be undone.
 */
export function restoreDatabase(
  backupPath: string,
  databasePath: string,
  now: Date = new Date(),
): RestoreResult {
  const check = verifyBackup(backupPath);
  if (!check.ok) {
    throw ioError(
      `${check.path} is not a sound backup (integrity: ${check.integrity.join('; ')}, schema ${check.schemaVersion}, this program knows up to ${check.knownSchemaVersion})`,
    );
  }
  const target = resolve(databasePath);
  mkdirSync(dirname(target), { recursive: true });
  let previousSetAside: string | null = null;
  if (existsSync(target)) {
    previousSetAside = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    // SQLite pairs a database with `<name>-wal` / `<name>-shm`: renaming them together keeps
    // any committed-but-uncheckpointed data with the file it belongs to.
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(target + suffix)) renameSync(target + suffix, previousSetAside + suffix);
    }
  }
  // Copy through SQLite, not the file system: the result is a clean single file.
  const source = openExisting(check.path, true);
  try {
    // better-sqlite3's backup is async; restore is a short offline step, so a plain
    // VACUUM INTO gives the same consistent copy synchronously.
    source.prepare('VACUUM INTO ?').run(target);
  } finally {
    source.close();
  }
  return { restoredFrom: check.path, databasePath: target, previousSetAside };
}

function openExisting(path: string, readonly: boolean): Database.Database {
  try {
    return new Database(path, { readonly, fileMustExist: true });
  } catch (err) {
    throw ioError(`cannot open ${path}: ${(err as Error).message}`, err);
  }
}

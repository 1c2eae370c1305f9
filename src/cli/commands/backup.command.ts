// `assistant backup FILE` (online copy, safe while the service runs), `--verify FILE` (is a
// copy sound, which schema), `--restore FILE` (put a copy back; only with the service stopped).
import { loadConfig } from '../../config/index.js';
import { AppError } from '../../core/errors.js';
import {
  backupDatabase,
  restoreDatabase,
  verifyBackup,
  type VerifyResult,
} from '../../services/backup.service.js';

export interface BackupOptions {
  verify?: boolean;
  restore?: boolean;
  force?: boolean;
}

/** Declared in index.ts; this module is loaded only when `backup` runs. */
export async function backupAction(file: string, options: BackupOptions): Promise<void> {
  if (options.verify && options.restore) {
    throw usage('--verify and --restore cannot be combined');
  }
  if (options.verify) {
    const result = verifyBackup(file);
    process.stdout.write(describeVerify(result));
    if (!result.ok) process.exitCode = 1;
    return;
  }
  const config = loadConfig();
  if (options.restore) {
    await refuseWhileServing(config.API_HOST, config.API_PORT);
    const result = restoreDatabase(file, config.SQLITE_DB_PATH);
    process.stdout.write(
      `restored ${result.databasePath} from ${result.restoredFrom}\n` +
        (result.previousSetAside
          ? `the previous database was kept as ${result.previousSetAside}\n`
          : '') +
        'start the service again; it migrates the restored database if it is older\n',
    );
    return;
  }
  const result = await backupDatabase(config.SQLITE_DB_PATH, file, {
    overwrite: options.force === true,
  });
  process.stdout.write(
    `backup written: ${result.path} (${formatBytes(result.bytes)}, schema version ${result.schemaVersion})\n`,
  );
}

function describeVerify(r: VerifyResult): string {
  const lines = [
    `${r.path}: ${formatBytes(r.bytes)}`,
    `integrity: ${r.integrity.join('; ')}`,
    `schema version: ${r.schemaVersion} (this program knows up to ${r.knownSchemaVersion})`,
    `rows: ${r.counts.messages} messages, ${r.counts.authorizations} authorizations, ${r.counts.actions} actions`,
    r.ok
      ? 'OK: this backup can be restored with `assistant backup --restore FILE`'
      : 'NOT OK: do not restore this file',
  ];
  return lines.join('\n') + '\n';
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** A running service answers /health: replacing its database underneath it would be unsafe. */
async function refuseWhileServing(host: string, port: number): Promise<void> {
  const probeHost = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const hostPart = probeHost.includes(':') ? `[${probeHost}]` : probeHost;
  let answered = false;
  try {
    // Any HTTP answer (even 503 "degraded") means a process is serving on that port.
    await fetch(`http://${hostPart}:${port}/health`, { signal: AbortSignal.timeout(1500) });
    answered = true;
  } catch {
    answered = false; // nothing listening: the expected case
  }
  if (answered) {
    throw new AppError('STORE_ERR_IO', `the service is running (it answered on port ${port})`, {
      retryable: false,
      hint: 'stop it first (docker compose stop assistant / systemctl stop assistant), then restore',
    });
  }
}

function usage(message: string): AppError {
  return new AppError('CONFIG_ERR_INVALID', message, { retryable: false });
}

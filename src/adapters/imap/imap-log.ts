// The IMAP source's notable events, worded for a person reading the log or the dashboard.
// Records carry stable `event` keys (they land in event_logs) and never a credential.
import type { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { describeError } from './imap-errors.js';

export function logConnected(
  log: Logger,
  target: string,
  opts: { idle: boolean; attempts: number; pollSeconds: number },
): void {
  log.info(
    { event: 'imap.connected', target, idle: opts.idle, afterAttempts: opts.attempts },
    `${opts.attempts > 0 ? 're' : ''}connected to ${target}; ${
      opts.idle
        ? 'watching with IDLE'
        : `the server has no IDLE, polling every ${opts.pollSeconds} s`
    }`,
  );
}

export function logConnectionFailure(
  log: Logger,
  failure: AppError,
  opts: { wasConnected: boolean; retryInMs: number },
): void {
  const seconds = Math.round(opts.retryInMs / 100) / 10;
  if (failure.code === 'IMAP_ERR_AUTH') {
    log.error(
      { event: 'imap.auth_failed', ...describeError(failure), retryInMs: opts.retryInMs },
      `${failure.message}: ${failure.hint}; trying again in ${seconds} s`,
    );
    return;
  }
  log.warn(
    {
      event: opts.wasConnected ? 'imap.disconnected' : 'imap.connect_failed',
      ...describeError(failure),
      retryInMs: opts.retryInMs,
    },
    `${failure.message}; reconnecting in ${seconds} s`,
  );
}

/** What status.lastError shows: the message plus what to do about it. */
export function statusText(failure: AppError): string {
  return failure.hint ? `${failure.message} (${failure.hint})` : failure.message;
}

// The environment a benchmark gives the assistant it launches: the bench's Dovecot, every
// vendor on the local fakes, its own database and rates file in `dir`, quiet logs.
import { join } from 'node:path';
import type { DovecotInstance } from '../../test/support/dovecot.js';
import type { Fakes } from '../../test/support/fakes/index.js';

export const BENCH_API_TOKEN = 'bench-token-0123456789';

export function assistantEnv(
  dovecot: DovecotInstance,
  fakes: Fakes,
  dir: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    ...fakes.env,
    IMAP_HOST: '127.0.0.1',
    IMAP_PORT: String(dovecot.port),
    IMAP_TLS: 'false',
    IMAP_USER: dovecot.user,
    IMAP_PASSWORD: dovecot.password,
    IMAP_BACKLOG_DAYS: '0',
    SQLITE_DB_PATH: join(dir, 'assistant.db'),
    CLIENT_BILLING_RATES_PATH: join(dir, 'rates.json'),
    LOG_LEVEL: 'WARNING',
    API_PORT: '0',
    API_TOKEN: BENCH_API_TOKEN,
    TIMEZONE: 'America/Chicago',
    ...overrides,
  };
}

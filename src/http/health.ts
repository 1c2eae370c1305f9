// The /health probe: alive is not enough, the SQLite database must answer a query. Cheap (one
// read of the schema page) so a container healthcheck can call it often; the reason it gives
// is a fixed phrase plus SQLite's error code, never a path or a stack (the route is public).
import type { Db } from '../adapters/sqlite/database.js';
import type { Logger } from '../core/logger.js';

/** Returns null when the database answers, else a short public reason. */
export function databaseProbe(db: Db, logger: Logger): () => string | null {
  let wasDegraded = false;
  return () => {
    try {
      db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get();
      if (wasDegraded) logger.info({ component: 'health' }, 'the database answers again');
      wasDegraded = false;
      return null;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const reason = `the database cannot be queried${typeof code === 'string' ? ` (${code})` : ''}`;
      // Logged once per outage, not per probe: a healthcheck polls every few seconds.
      if (!wasDegraded) logger.warn({ component: 'health', err }, `health degraded: ${reason}`);
      wasDegraded = true;
      return reason;
    }
  };
}

// The repositories the services share, opened once over one database connection.
import { ActionRepository, type Scrubber } from '../adapters/sqlite/action.repository.js';
import { AuthorizationRepository } from '../adapters/sqlite/authorization.repository.js';
import type { Db } from '../adapters/sqlite/database.js';
import { EventLogRepository } from '../adapters/sqlite/event-log.repository.js';
import { MessageRepository } from '../adapters/sqlite/message.repository.js';

export interface Store {
  db: Db;
  messages: MessageRepository;
  authorizations: AuthorizationRepository;
  actions: ActionRepository;
  eventLogs: EventLogRepository;
  /** Runs fn in one SQLite transaction (nested calls become savepoints). */
  tx<T>(fn: () => T): T;
}

export function createStore(db: Db, scrub: Scrubber): Store {
  const runner = db.transaction((fn: () => unknown) => fn());
  return {
    db,
    messages: new MessageRepository(db, scrub),
    authorizations: new AuthorizationRepository(db, scrub),
    actions: new ActionRepository(db, scrub),
    eventLogs: new EventLogRepository(db),
    tx: <T>(fn: () => T): T => runner(fn) as T,
  };
}

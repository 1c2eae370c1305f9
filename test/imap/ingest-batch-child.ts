// Child process for ingest-batch.test.ts: the real IMAP source storing through the real ingest
// (batched transactions) into a SQLite file, until one sync pass has stored everything. The
// parent kills it with SIGKILL at random moments. Args: <db path> <dovecot JSON>.
import { openDatabase, closeDatabase } from '../../src/adapters/sqlite/database.js';
import { createImapSource } from '../../src/adapters/imap/imap.source.js';
import { EventBus } from '../../src/core/events.js';
import { silentLogger } from '../../src/core/logger.js';
import { createIngest } from '../../src/services/ingest.service.js';
import { Settler } from '../../src/services/settler.service.js';
import { createStore } from '../../src/services/store.js';
import type { DovecotInstance } from '../support/dovecot.js';
import { imapConfig } from './imap-fixtures.js';

const [dbPath, dovecotJson] = process.argv.slice(2) as [string, string];
const dovecot = JSON.parse(dovecotJson) as DovecotInstance;
const db = openDatabase(dbPath);
const store = createStore(db, (v) => v);
const events = new EventBus();
const settler = new Settler(store, () => null, silentLogger);
const sink = createIngest({ store, settler, events, logger: silentLogger, onStored: () => {} });
const source = createImapSource({ config: imapConfig(dovecot), db, logger: silentLogger, events });
process.stdout.write('ready\n');
await source.start(sink);
await source.syncNow();
await source.stop();
closeDatabase(db);
process.stdout.write('synced\n');

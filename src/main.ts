// Composition root: config → store → adapters → services → drivers. Nothing starts on import;
// createApplication() wires the parts and returns start/stop/runOnce for the CLI commands.
// Tests pass doubles for the extractor, planner, handlers or source through the options.
import { closeDatabase, openDatabase, type Db } from './adapters/sqlite/database.js';
import { createFolderSource } from './adapters/folder/folder.source.js';
import { createImapSource } from './adapters/imap/imap.source.js';
import { createLogger, type AppLogger } from './adapters/logging/pino.logger.js';
import { createRedactor } from './adapters/logging/redact.js';
import { secretValues, type Config } from './config/index.js';
import type { ActionHandler, ActionPlanner, ActionType } from './core/actions.js';
import type { ControlService } from './core/control.js';
import { toAppError } from './core/errors.js';
import { EventBus } from './core/events.js';
import type { Extractor } from './core/extractor.js';
import type { MailSource } from './core/mail.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './core/retry-policy.js';
import { packageVersion } from './http/package-root.js';
import { startHttpServer, type RunningServer } from './http/server.js';
import { createActionHandlers } from './services/action-handlers.js';
import { createActionPlanner } from './services/action-planner.js';
import { Completion } from './services/completion.service.js';
import { createControlService } from './services/control.service.js';
import { Dispatcher } from './services/dispatcher.service.js';
import { createExtractor } from './services/extractor.factory.js';
import { createIngest } from './services/ingest.service.js';
import { purgeExpired } from './services/retention.service.js';
import { Pipeline } from './services/pipeline.service.js';
import { Planning } from './services/planning.service.js';
import { waitUntilQuiet } from './services/quiescence.js';
import { summarizeRun, type RunSummary } from './services/run-summary.js';
import { Settler } from './services/settler.service.js';
import { createThreadedExtractor } from './services/threaded-extractor.js';
import { logStartupNotes } from './services/startup-notes.js';
import { createStore, type Store } from './services/store.js';

/** The parts that can be replaced (tests, benchmarks); each defaults to the real one. */
export interface ApplicationOptions {
  logger?: AppLogger;
  extractor?: Extractor & { close?(): void };
  planner?: ActionPlanner;
  handlers?: Map<ActionType, ActionHandler>;
  source?: MailSource;
  /** Overrides the retry timing (tests use short delays); attempts come from ACTION_MAX_ATTEMPTS. */
  retryPolicy?: Partial<Omit<RetryPolicy, 'maxAttempts'>>;
  /** How long a dropped file must stay unchanged before it is read (ms). */
  folderSettleTimeMs?: number;
}

export interface Application {
  readonly config: Config;
  readonly db: Db;
  readonly store: Store;
  readonly events: EventBus;
  readonly logger: AppLogger;
  readonly control: ControlService;
  readonly source: MailSource;
  /** `serve`: watch the source, process, dispatch, and (with http) listen. */
  start(opts?: { http?: boolean }): Promise<{ url: string | null }>;
  /** `run --once`: sync, process everything pending, wait for actions, stop. */
  runOnce(): Promise<RunSummary>;
  /** Stops intake, lets in-flight work finish within SHUTDOWN_TIMEOUT, closes the store. */
  stop(): Promise<void>;
}

export interface DefaultParts {
  extractor: Extractor & { close?(): void };
  planner: ActionPlanner;
  handlers: Map<ActionType, ActionHandler>;
  source: MailSource;
}

/** The real parts, made only where the options did not supply a replacement. */
function defaultParts(
  config: Config,
  opts: ApplicationOptions,
  shared: { db: Db; logger: AppLogger; events: EventBus },
): DefaultParts {
  const { db, logger, events } = shared;
  const source =
    opts.source ??
    (config.IMAP_HOST === ''
      ? createFolderSource({
          inboxDir: config.INBOX_DIR,
          pollIntervalMs: config.EMAIL_POLL_INTERVAL * 1000,
          logger: logger.child({ component: 'folder' }),
          ...(opts.folderSettleTimeMs !== undefined
            ? { settleTimeMs: opts.folderSettleTimeMs }
            : {}),
        })
      : createImapSource({ config, db, logger: logger.child({ component: 'imap' }), events }));
  return {
    source,
    extractor: opts.extractor ?? defaultExtractor(config, logger),
    planner: opts.planner ?? createActionPlanner({ config, db, logger }),
    handlers: opts.handlers ?? createActionHandlers({ config, db, logger }),
  };
}

/** Extraction on a worker thread (the second core), with the in-thread engine as fallback. */
function defaultExtractor(config: Config, logger: AppLogger): Extractor & { close(): void } {
  const settings = { timeZone: config.TIMEZONE, rulesPath: config.EXTRACTION_RULES_PATH };
  if (!config.EXTRACTION_WORKER) return createExtractor({ ...settings, logger });
  return createThreadedExtractor({
    ...settings,
    logger: logger.child({ component: 'extractor' }),
    fallback: createExtractor({ ...settings, logger }),
  });
}

export function createApplication(config: Config, opts: ApplicationOptions = {}): Application {
  const redactor = createRedactor(secretValues(config));
  const logger = opts.logger ?? createLogger({ level: config.LOG_LEVEL, redactor });
  const events = new EventBus();
  const db = openDatabase(config.SQLITE_DB_PATH);
  const store = createStore(db, (v) => redactor.value(v));
  logger.attach({ eventLogs: store.eventLogs, events });

  const { extractor, planner, handlers, source } = defaultParts(config, opts, {
    db,
    logger,
    events,
  });
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...opts.retryPolicy,
    maxAttempts: config.ACTION_MAX_ATTEMPTS,
  };

  const settler = new Settler(store, () => source, logger.child({ component: 'settle' }));
  const completion = new Completion(store, settler, events, logger);
  const planning = new Planning({
    store,
    planner,
    events,
    logger,
    policy,
    timeZone: config.TIMEZONE,
  });
  const dispatcher = new Dispatcher({
    store,
    handlers,
    completion,
    events,
    logger: logger.child({ component: 'dispatcher' }),
    policy,
    concurrency: config.PIPELINE_CONCURRENCY,
  });
  const pipeline = new Pipeline({
    store,
    extractor,
    planning,
    completion,
    settler,
    events,
    logger: logger.child({ component: 'pipeline' }),
    concurrency: config.PIPELINE_CONCURRENCY,
    maxMessageBytes: config.MAX_MESSAGE_BYTES,
    timeZone: config.TIMEZONE,
    onPlanned: () => dispatcher.kick(),
  });
  const sink = createIngest({ store, settler, events, logger, onStored: () => pipeline.kick() });
  const version = packageVersion();
  const control = createControlService({
    config,
    store,
    source,
    sink,
    planning,
    pipeline,
    dispatcher,
    completion,
    events,
    logger,
    version,
  });

  let server: RunningServer | null = null;
  let retentionTimer: NodeJS.Timeout | null = null;
  let stopping: Promise<void> | null = null;
  let unsubscribeReconnect: (() => void) | null = null;

  async function startWork(): Promise<void> {
    dispatcher.recover();
    completion.recoverPlanned();
    pipeline.start();
    dispatcher.start();
    logStartupNotes(config, source, logger);
    await control.startMonitoring();
    await settler.settleOutstanding();
    // A settle that failed while the mail server was away is tried again as soon as the
    // source reconnects, not only at the next start.
    unsubscribeReconnect = events.subscribe((event) => {
      if (event.type !== 'status.changed' || stopping) return;
      const sourceStatus = event.status.source as { connected?: boolean } | undefined;
      if (sourceStatus?.connected) void settler.settleOutstanding().catch(() => undefined);
    });
    if (config.RETENTION_DAYS > 0) {
      purge();
      retentionTimer = setInterval(purge, RETENTION_EVERY_MS);
      retentionTimer.unref();
    }
  }

  function purge(): void {
    try {
      const r = purgeExpired(db, { retentionDays: config.RETENTION_DAYS });
      if (r.rawBodiesPurged || r.logsPurged) {
        logger.info(
          { event: 'retention.purged', ...r },
          `retention: ${r.rawBodiesPurged} email bodies, ${r.logsPurged} log lines removed`,
        );
      }
    } catch (err) {
      logger.warn({ event: 'retention.failed', err }, 'retention purge failed; trying again later');
    }
  }

  async function stop(): Promise<void> {
    stopping ??= (async () => {
      const timeoutMs = config.SHUTDOWN_TIMEOUT * 1000;
      logger.info({ event: 'service.stopping' }, 'stopping: finishing work in flight');
      if (retentionTimer) clearInterval(retentionTimer);
      unsubscribeReconnect?.();
      await server?.close().catch(() => undefined);
      // Extraction and planning write nothing once the store is closed, so a slow one is
      // simply left behind; the email is still in its previous state for the next start.
      await Promise.race([pipeline.stop(), delay(timeoutMs)]);
      await dispatcher.stop(timeoutMs);
      await Promise.race([settler.idle(), delay(timeoutMs)]);
      await control.stopMonitoring().catch((err: unknown) => {
        logger.warn({ event: 'source.stop_failed', err }, 'the mail source did not stop cleanly');
      });
      extractor.close?.();
      logger.info({ event: 'service.stopped' }, 'stopped');
      closeDatabase(db);
      logger.flush();
    })();
    return stopping;
  }

  return {
    config,
    db,
    store,
    events,
    logger,
    control,
    source,
    async start(startOpts = {}) {
      await startWork();
      if (startOpts.http) {
        // Loaded only here: `run --once` never needs Fastify, Swagger or the metrics registry,
        // and importing them costs start-up time and tens of MB of resident memory.
        const { buildApp } = await import('./http/app.js');
        const app = await buildApp({ config, db, control, events, logger });
        server = await startHttpServer(app, config);
        logger.info(
          { event: 'http.listening', url: server.url },
          `dashboard and API on ${server.url}`,
        );
      }
      return { url: server?.url ?? null };
    },
    async runOnce() {
      const since = new Date().toISOString();
      await startWork();
      // A mailbox that cannot be reached fails the run (cron must notice), but what is already
      // stored is still processed.
      let syncError: string | null = null;
      const first = source.status();
      if (!first.connected) syncError = first.lastError ?? 'the mailbox is not reachable';
      else await source.syncNow().catch((err: unknown) => (syncError = toAppError(err).message));
      await waitUntilQuiet(store, [pipeline, dispatcher, settler]);
      if (syncError === null) {
        // One more pass: a copy of a message handled meanwhile (the same bytes in a second
        // file, or at a second UID) is only recognised once the first has been settled, and
        // must be settled too before the run ends.
        await source.syncNow().catch((err: unknown) => (syncError = toAppError(err).message));
        await waitUntilQuiet(store, [pipeline, dispatcher, settler]);
      }
      const summary = summarizeRun(store, since, syncError);
      logger.info({ event: 'run.summary', ...summary, line: undefined }, summary.line);
      await stop();
      return summary;
    },
    stop,
  };
}

const RETENTION_EVERY_MS = 6 * 60 * 60 * 1000;
const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());

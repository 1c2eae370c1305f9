// The Logger port on pino: JSON lines on stdout (pretty when a person watches a terminal),
// every record redacted first. Records with an `event` key also land in `event_logs` and,
// from warning up, on the EventBus for the live feed.
import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';
import pretty from 'pino-pretty';
import type { EventBus } from '../../core/events.js';
import type { Logger, LogFn } from '../../core/logger.js';
import type { EventLogRepository } from '../sqlite/event-log.repository.js';
import type { Redactor } from './redact.js';

export type LogLevelName = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
type Level = 'debug' | 'info' | 'warn' | 'error';

const PINO_LEVEL: Record<LogLevelName, Level> = {
  DEBUG: 'debug',
  INFO: 'info',
  WARNING: 'warn',
  ERROR: 'error',
};
const RANK: Record<Level, number> = { debug: 20, info: 30, warn: 40, error: 50 };
const STORED_LEVEL: Record<Level, string> = {
  debug: 'debug',
  info: 'info',
  warn: 'warning',
  error: 'error',
};

export interface LoggerOptions {
  level: LogLevelName;
  redactor: Redactor;
  /** Defaults to stdout: pretty on a TTY, JSON lines otherwise (written synchronously). */
  destination?: DestinationStream;
  pretty?: boolean;
}

/** Where event records go besides stdout; attached once the database is open. */
export interface EventSinks {
  eventLogs: EventLogRepository | null;
  events: EventBus | null;
}

export interface AppLogger extends Logger {
  /** Connects the event_logs table and the EventBus (both optional). */
  attach(sinks: Partial<EventSinks>): void;
  /** Flushes stdout; call before exiting. */
  flush(): void;
}

export function createLogger(opts: LoggerOptions): AppLogger {
  const level = PINO_LEVEL[opts.level];
  const usePretty =
    opts.pretty ?? (opts.destination === undefined && process.stdout.isTTY === true);
  const destination: DestinationStream =
    opts.destination ??
    (usePretty
      ? pretty({
          colorize: true,
          sync: true,
          translateTime: 'SYS:HH:MM:ss',
          ignore: 'pid,hostname',
        })
      : pino.destination({ dest: 1, sync: true }));
  const root = pino(
    { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime },
    destination,
  );
  const sinks: EventSinks = { eventLogs: null, events: null };
  const logger = wrap(root, {}, opts.redactor, sinks, RANK[level]) as AppLogger;
  logger.attach = (s) => Object.assign(sinks, s);
  logger.flush = () => {
    const flushable = destination as { flushSync?: () => void };
    try {
      flushable.flushSync?.();
    } catch {
      // Nothing to flush, or stdout already closed.
    }
  };
  return logger;
}

function wrap(
  target: PinoLogger,
  bindings: Record<string, unknown>,
  redactor: Redactor,
  sinks: EventSinks,
  minRank: number,
): Logger {
  const make =
    (lvl: Level): LogFn =>
    (objOrMsg: Record<string, unknown> | string, msg?: string): void => {
      if (RANK[lvl] < minRank) return;
      const obj = typeof objOrMsg === 'string' ? {} : redactor.value(objOrMsg);
      const message = redactor.text(typeof objOrMsg === 'string' ? objOrMsg : (msg ?? ''));
      target[lvl](obj, message);
      const eventType = obj.event;
      if (typeof eventType === 'string')
        record(lvl, eventType, message, { ...bindings, ...obj }, sinks);
    };
  return {
    debug: make('debug'),
    info: make('info'),
    warn: make('warn'),
    error: make('error'),
    child: (b) => {
      const safe = redactor.value(b);
      return wrap(target.child(safe), { ...bindings, ...safe }, redactor, sinks, minRank);
    },
  };
}

function record(
  lvl: Level,
  eventType: string,
  message: string,
  obj: Record<string, unknown>,
  sinks: EventSinks,
): void {
  const { event: _event, ...details } = obj;
  const timestamp = new Date().toISOString();
  try {
    sinks.eventLogs?.insert(
      {
        level: STORED_LEVEL[lvl],
        eventType,
        message,
        details: Object.keys(details).length ? details : null,
      },
      timestamp,
    );
  } catch {
    // The log table must never take the pipeline down (disk full is reported elsewhere).
  }
  if (RANK[lvl] >= RANK.warn) {
    sinks.events?.emit({ type: 'log', level: STORED_LEVEL[lvl], eventType, message, timestamp });
  }
}

// The logging port (a subset of pino's API). A record carrying an `event` key is a notable
// event: besides stdout it lands in the `event_logs` table with that stable event_type,
// e.g. log.info({ event: 'imap.connected', host }, 'connected to IMAP').
export interface LogFn {
  (obj: Record<string, unknown>, msg?: string): void;
  (msg: string): void;
}

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}

/** A logger that drops everything: for tests and library use. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

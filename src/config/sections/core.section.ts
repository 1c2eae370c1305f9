import { bool, int, oneOf, seconds, str, timeZone } from '../spec.js';

export const coreVars = {
  SQLITE_DB_PATH: str({
    default: './data/assistant.db',
    doc: 'SQLite database file (created with its folder). Relative paths are from the working directory.',
  }),
  INBOX_DIR: str({
    default: './data/inbox',
    doc: 'Folder watched for .eml files when IMAP_HOST is empty; handled files move into its processed/ or failed/ subfolder.',
  }),
  LOG_LEVEL: oneOf(['DEBUG', 'INFO', 'WARNING', 'ERROR'], {
    default: 'INFO',
    caseInsensitive: true,
    doc: 'Least severe log level written to stdout and to event_logs (DEBUG, INFO, WARNING, ERROR).',
  }),
  TIMEZONE: timeZone({
    default: 'America/Chicago',
    doc: 'IANA time zone that dates and times in emails are read in, and calendar events are created in.',
  }),
  PIPELINE_CONCURRENCY: int({
    default: 4,
    min: 1,
    max: 64,
    doc: 'How many emails are extracted at once.',
  }),
  EXTRACTION_WORKER: bool({
    default: true,
    doc: 'Read emails on a worker thread, so a second CPU core works the backlog alongside fetching and sending; false reads them on the main thread and uses less memory while busy.',
  }),
  MAX_MESSAGE_BYTES: int({
    default: 40 * 1024 * 1024,
    min: 1024,
    doc: 'Larger emails are stored and recorded as failed (too large) without being parsed.',
  }),
  RETENTION_DAYS: int({
    default: 0,
    min: 0,
    doc: 'Raw email bodies and log lines older than this many days are deleted (authorizations and the record of what was sent are kept). 0 keeps everything.',
  }),
  SHUTDOWN_TIMEOUT: seconds({
    default: 10,
    min: 0,
    doc: 'On SIGTERM/SIGINT, how long in-flight actions may take to finish before they are parked for the next start.',
  }),
};

import { bool, int, oneOf, secret, seconds, str } from '../spec.js';

export const imapVars = {
  IMAP_HOST: str({ doc: 'IMAP server. Empty: read .eml files from INBOX_DIR instead.' }),
  IMAP_PORT: int({
    default: 993,
    min: 1,
    max: 65535,
    doc: 'IMAP port (993 = TLS, 143 = plain/STARTTLS).',
  }),
  IMAP_TLS: bool({
    default: (env) => (env.IMAP_PORT ?? '993').trim() === '993',
    defaultText: 'true on port 993',
    doc: 'Connect with TLS from the first byte.',
  }),
  IMAP_USER: str({ doc: 'IMAP login name.' }),
  IMAP_PASSWORD: secret({ doc: 'IMAP password or app password (or IMAP_PASSWORD_FILE).' }),
  IMAP_MAILBOX: str({ default: 'INBOX', doc: 'Mailbox watched for authorizations.' }),
  IMAP_POST_ACTION: oneOf(['move', 'flag', 'none'], {
    default: 'move',
    doc: 'After an authorization is fully handled: move it (to IMAP_PROCESSED_FOLDER / IMAP_FAILED_FOLDER), flag it with a keyword, or leave it. Other mail is never touched.',
  }),
  IMAP_PROCESSED_FOLDER: str({
    default: 'Processed',
    doc: 'Where handled authorizations are moved.',
  }),
  IMAP_FAILED_FOLDER: str({
    default: 'FailedProcessing',
    doc: 'Where authorizations that failed or need review are moved.',
  }),
  IMAP_BACKLOG_DAYS: int({
    default: 30,
    min: 0,
    doc: 'On the very first sync, only mail received in the last N days is processed (0 = all).',
  }),
  EMAIL_POLL_INTERVAL: seconds({
    default: 30,
    min: 1,
    doc: 'Seconds between safety re-checks of the mailbox (IDLE reports new mail at once; servers without IDLE are polled at this interval).',
  }),
};

// Builds the imapflow client from configuration: TLS per IMAP_TLS, our own IDLE handling
// (auto-IDLE off), bounded timeouts, and imapflow's own logger off (it would echo protocol
// lines; ours logs events without credentials).
import { ImapFlow } from 'imapflow';
import type { Config } from '../../config/index.js';

export interface ImapTarget {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
}

export function targetFromConfig(config: Config): ImapTarget {
  return {
    host: config.IMAP_HOST,
    port: config.IMAP_PORT,
    secure: config.IMAP_TLS,
    user: config.IMAP_USER,
    password: config.IMAP_PASSWORD,
    mailbox: config.IMAP_MAILBOX,
  };
}

/** "imap://user@host:993/INBOX": for status and logs; never includes the password. */
export function describeTarget(t: ImapTarget): string {
  return `imap://${encodeURIComponent(t.user)}@${t.host}:${t.port}/${t.mailbox}`;
}

export function createImapClient(t: ImapTarget): ImapFlow {
  return new ImapFlow({
    host: t.host,
    port: t.port,
    secure: t.secure,
    auth: { user: t.user, pass: t.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 30_000,
    greetingTimeout: 16_000,
    // Dovecot and most servers send a keep-alive during IDLE every couple of minutes; a silent
    // peer for longer than this is a dead connection.
    socketTimeout: 5 * 60_000,
    clientInfo: { name: 'assistant' },
  });
}

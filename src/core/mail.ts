// How mail enters the product. A MailSource (IMAP or a local folder) hands each message's raw
// bytes to a MessageSink, which stores them durably before the source advances its own
// progress marker; after the pipeline has finished with a message, the source is asked to
// settle it (move / flag / leave). Non-authorizations are never settled.

export type SourceKind = 'imap' | 'folder';

export interface IncomingMessage {
  source: SourceKind;
  /** IMAP mailbox path, or the inbox directory for the folder source. */
  mailbox: string;
  /** IMAP only: the mailbox's UIDVALIDITY and the message's UID. */
  uidValidity: number | null;
  uid: number | null;
  /** Where the source can find the message again: the file name, or `uidValidity:uid`. */
  sourceRef: string;
  raw: Buffer;
  /** IMAP INTERNALDATE or the file's modification time. */
  receivedAt: Date;
}

export interface AcceptResult {
  /** Row id in the store. */
  messageId: number;
  /** False when this exact message (same place, or same content) was stored before. */
  isNew: boolean;
}

export interface MessageSink {
  /** Resolves once the message is durably stored; only then may the source advance. */
  accept(message: IncomingMessage): Promise<AcceptResult>;
  /**
   * Optional: stores several messages in ONE transaction, all or none, and resolves (results in
   * the same order) once they are durable. A rejection means none of them was stored.
   */
  acceptBatch?(messages: readonly IncomingMessage[]): Promise<AcceptResult[]>;
}

/** What the pipeline concluded about a message, which decides where it is settled. */
export type SettleOutcome = 'processed' | 'failed';

export interface SettleRequest {
  source: SourceKind;
  mailbox: string;
  uidValidity: number | null;
  uid: number | null;
  sourceRef: string;
  messageIdHeader: string | null;
  outcome: SettleOutcome;
}

export interface SourceStatus {
  kind: SourceKind;
  /** Human readable: "imap://user@host:993/INBOX" (never the password) or the folder path. */
  target: string;
  connected: boolean;
  watching: boolean;
  /** ISO time of the last sync that completed without error. */
  lastSuccessfulSyncAt: string | null;
  lastError: string | null;
  /** The next reconnect attempt, when disconnected. */
  reconnectAt: string | null;
}

export interface MailSource {
  readonly kind: SourceKind;
  /** Starts watching: first delivers everything pending, then new mail as it arrives. */
  start(sink: MessageSink): Promise<void>;
  /** One sync pass now; resolves when every message found has been accepted by the sink. */
  syncNow(): Promise<{ delivered: number }>;
  /** Moves, flags or leaves a finished message, per configuration. Idempotent. */
  settle(request: SettleRequest): Promise<void>;
  /**
   * Optional: settles several finished messages with as few server commands as possible; one
   * result per request, in order (a rejected one is tried again later, like a failed settle).
   */
  settleMany?(requests: readonly SettleRequest[]): Promise<PromiseSettledResult<void>[]>;
  /** Stops watching and logs out; resolves when no delivery is in flight. */
  stop(): Promise<void>;
  status(): SourceStatus;
}

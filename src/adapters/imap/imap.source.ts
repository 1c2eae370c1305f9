// The IMAP MailSource: keeps one connection to IMAP_MAILBOX alive for ever (reconnecting with
// capped, jittered backoff after any drop or refused login), runs sync passes one at a time,
// waits between them in IDLE (entered explicitly) or plain polling, and settles finished
// authorizations on the same connection. Progress lives in sync_state, never in \Seen.
import type { ImapFlow } from 'imapflow';
import type { Config } from '../../config/index.js';
import { AppError, toAppError } from '../../core/errors.js';
import type { EventBus } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import type { MailSource, MessageSink, SettleRequest, SourceStatus } from '../../core/mail.js';
import { backoffDelay } from '../../core/retry-policy.js';
import type { Db } from '../sqlite/database.js';
import { SyncStateRepository } from '../sqlite/sync-state.repository.js';
import { ClientGate, SerialQueue } from './client-gate.js';
import { createImapClient, describeTarget, targetFromConfig } from './imap-client.js';
import { toImapError } from './imap-errors.js';
import { logConnected, logConnectionFailure, statusText } from './imap-log.js';
import { settleManyOnServer, type PostAction } from './imap-settle.js';
import { syncMailbox, type SyncResult } from './imap-sync.js';
import { WakeTimer } from './wake-timer.js';

export interface ImapSourceDeps {
  config: Config;
  db: Db;
  logger: Logger;
  events: EventBus;
  /** Reconnect backoff; defaults to 1 s doubling up to 60 s. Tests shorten it. */
  backoff?: { baseDelayMs: number; maxDelayMs: number };
  /** How long settle() waits for a reconnect before failing (default 30 s). */
  settleWaitMs?: number;
  random?: () => number;
}

const DEFAULT_BACKOFF = { baseDelayMs: 1_000, maxDelayMs: 60_000 };
const LOGOUT_TIMEOUT_MS = 5_000;
const MAX_IDLE_MS = 25 * 60_000;

interface SyncWaiter {
  resolve: (value: { delivered: number }) => void;
  reject: (err: unknown) => void;
}

export function createImapSource(deps: ImapSourceDeps): MailSource {
  return new ImapSource(deps);
}

class ImapSource implements MailSource {
  readonly kind = 'imap' as const;
  private readonly target;
  private readonly targetText: string;
  private readonly repo: SyncStateRepository;
  private readonly log: Logger;
  private readonly timer = new WakeTimer();
  private readonly gate = new ClientGate();
  private readonly serial = new SerialQueue();
  private readonly knownFolders = new Set<string>();
  private sink: MessageSink | null = null;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private connecting: ImapFlow | null = null;
  private hasIdle = false;
  /** A sync pass is running: it breaks and re-enters IDLE itself. */
  private inPass = false;
  private attempts = 0;
  private syncRequested = false;
  private syncWaiters: SyncWaiter[] = [];
  private firstOutcome: (() => void) | null = null;
  private readonly st: Omit<SourceStatus, 'kind' | 'target'> = {
    connected: false,
    watching: false,
    lastSuccessfulSyncAt: null,
    lastError: null,
    reconnectAt: null,
  };

  constructor(private readonly deps: ImapSourceDeps) {
    this.target = targetFromConfig(deps.config);
    this.targetText = describeTarget(this.target);
    this.repo = new SyncStateRepository(deps.db);
    this.log = deps.logger.child({ source: 'imap' });
    this.st.lastSuccessfulSyncAt = this.repo.get('imap', this.target.mailbox)?.lastSyncAt ?? null;
  }

  async start(sink: MessageSink): Promise<void> {
    if (this.loop) {
      throw new AppError('INTERNAL_ERR', 'the IMAP source is already started', {
        retryable: false,
      });
    }
    this.sink = sink;
    this.stopping = false;
    // Returns once the first connection attempt has either synced or failed; the loop keeps
    // going (and keeps retrying) in the background.
    const first = new Promise<void>((resolve) => (this.firstOutcome = resolve));
    this.loop = this.runLoop();
    await first;
  }

  syncNow(): Promise<{ delivered: number }> {
    if (!this.loop || this.stopping) {
      return Promise.reject(
        new AppError('IMAP_ERR_CONNECTION', 'the IMAP source is not started', { retryable: false }),
      );
    }
    // Served by the loop's next pass (a pass already running may have missed newer mail).
    return new Promise((resolve, reject) => {
      this.syncWaiters.push({ resolve, reject });
      this.syncRequested = true;
      this.timer.wake();
    });
  }

  async settle(request: SettleRequest): Promise<void> {
    const [result] = await this.settleMany([request]);
    if (result?.status === 'rejected') throw result.reason;
  }

  async settleMany(requests: readonly SettleRequest[]): Promise<PromiseSettledResult<void>[]> {
    const postAction = this.deps.config.IMAP_POST_ACTION as PostAction;
    if (postAction === 'none' || requests.length === 0) {
      return requests.map(() => ({ status: 'fulfilled', value: undefined }));
    }
    await this.connectedClient();
    let client: ImapFlow | null = null;
    const results = await this.serial.run(async () => {
      for (let attempt = 1; ; attempt++) {
        // The connection may have been replaced while this waited its turn.
        client = await this.connectedClient();
        try {
          return await settleManyOnServer(
            {
              client,
              postAction,
              processedFolder: this.deps.config.IMAP_PROCESSED_FOLDER,
              failedFolder: this.deps.config.IMAP_FAILED_FOLDER,
              logger: this.log,
              knownFolders: this.knownFolders,
            },
            requests,
          );
        } catch (err) {
          // The connection dropped under us: once more on the next one (settling is idempotent).
          if (attempt === 1 && !client.usable && !this.stopping) continue;
          throw toImapError(err, this.targetText);
        }
      }
    });
    if (client) this.resumeIdle(client);
    // One log line per batch (each line with an event is also a row in event_logs).
    const refs = new Map<string, string[]>();
    for (const [i, r] of results.entries()) {
      if (r.status !== 'fulfilled' || (r.value !== 'moved' && r.value !== 'flagged')) continue;
      const key = `${r.value} (${requests[i]!.outcome})`;
      refs.set(key, [...(refs.get(key) ?? []), requests[i]!.sourceRef]);
    }
    for (const [key, list] of refs) {
      const [action, outcome] = key.split(' ');
      this.log.info(
        { event: 'imap.settled', action, outcome: outcome?.slice(1, -1), refs: list },
        list.length === 1
          ? `${action} ${list[0]} ${outcome}`
          : `${action} ${list.length} messages ${outcome}`,
      );
    }
    return results.map((r) =>
      r.status === 'rejected'
        ? { status: 'rejected', reason: toImapError(r.reason, this.targetText) }
        : { status: 'fulfilled', value: undefined },
    );
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.timer.wake();
    this.connecting?.close();
    if (this.loop) await this.loop;
    this.loop = null;
    this.sink = null;
    const stopped = new AppError('IMAP_ERR_CONNECTION', 'the IMAP source stopped', {
      retryable: true,
    });
    this.rejectSyncWaiters(stopped);
    this.gate.rejectAll(stopped);
  }

  status(): SourceStatus {
    return { kind: 'imap', target: this.targetText, ...this.st };
  }

  // ---- connection loop -------------------------------------------------------------------

  private async runLoop(): Promise<void> {
    while (!this.stopping) {
      const client = createImapClient(this.target);
      // An 'error' without a listener would crash the process; the close that follows ends
      // the session and the loop reconnects.
      client.on('error', (err: unknown) => {
        this.log.debug({ error: toImapError(err, this.targetText).message }, 'IMAP client error');
      });
      const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
      let failure: AppError | null = null;
      let hadSession = false;
      try {
        this.connecting = client;
        await client.connect();
        this.connecting = null;
        if (this.stopping) break;
        await client.mailboxOpen(this.target.mailbox);
        this.onConnected(client);
        hadSession = true;
        await this.session(client, closed);
        if (!this.stopping) {
          failure = new AppError(
            'IMAP_ERR_CONNECTION',
            `the IMAP server closed the connection to ${this.targetText}`,
            { retryable: true },
          );
        }
      } catch (err) {
        if (!this.stopping) failure = toImapError(err, this.targetText);
      } finally {
        this.connecting = null;
        await this.closeClient(client);
      }
      if (this.stopping || !failure) break;
      await this.backoff(failure, hadSession);
    }
    this.resolveFirstOutcome();
    this.log.info({ event: 'imap.stopped' }, `stopped watching ${this.targetText}`);
  }

  private onConnected(client: ImapFlow): void {
    this.hasIdle = client.capabilities.has('IDLE');
    Object.assign(this.st, { connected: true, lastError: null, reconnectAt: null });
    logConnected(this.log, this.targetText, {
      idle: this.hasIdle,
      attempts: this.attempts,
      pollSeconds: this.deps.config.EMAIL_POLL_INTERVAL,
    });
    this.emitStatus();
    this.gate.open(client);
  }

  private async backoff(failure: AppError, wasConnected: boolean): Promise<void> {
    this.attempts++;
    const delay = backoffDelay(
      this.attempts,
      this.deps.backoff ?? DEFAULT_BACKOFF,
      this.deps.random,
    );
    Object.assign(this.st, {
      connected: false,
      watching: false,
      lastError: statusText(failure),
      reconnectAt: new Date(Date.now() + delay).toISOString(),
    });
    logConnectionFailure(this.log, failure, { wasConnected, retryInMs: delay });
    this.emitStatus();
    this.rejectSyncWaiters(failure);
    this.resolveFirstOutcome();
    await this.timer.sleep(delay);
  }

  private async closeClient(client: ImapFlow): Promise<void> {
    this.gate.close(client);
    if (this.stopping && client.usable) {
      // Log out politely, but never let a dead server hold up shutdown.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        client.logout().catch(() => undefined),
        new Promise((resolve) => (timer = setTimeout(resolve, LOGOUT_TIMEOUT_MS))),
      ]);
      clearTimeout(timer);
    }
    client.close();
    if (this.st.connected || this.st.watching) {
      Object.assign(this.st, { connected: false, watching: false });
      if (this.stopping) this.emitStatus();
    }
  }

  // ---- watching --------------------------------------------------------------------------

  /** Sync, then wait (in IDLE or not) for news, the re-check timer, syncNow() or stop(). */
  private async session(client: ImapFlow, closed: Promise<void>): Promise<void> {
    let newMailOnly = false;
    const onExists = () => {
      newMailOnly = true;
      this.syncRequested = true;
      this.timer.wake();
    };
    client.on('exists', onExists);
    let lost = false;
    void closed.then(() => {
      lost = true;
      this.timer.wake();
    });
    try {
      while (!this.stopping && !lost) {
        this.syncRequested = false;
        const waiters = this.syncWaiters.splice(0);
        // News from IDLE only needs a fetch; the periodic re-check and "poll now" also SELECT
        // again, which is what reveals a UIDVALIDITY change on servers that keep the session.
        const reselect = !(newMailOnly && waiters.length === 0);
        newMailOnly = false;
        let result: SyncResult;
        this.inPass = true;
        try {
          result = await this.serial.run(() => this.syncPass(client, reselect));
        } catch (err) {
          for (const w of waiters) w.reject(toImapError(err, this.targetText));
          throw err;
        } finally {
          this.inPass = false;
        }
        this.afterPass(result, waiters);
        if (this.stopping || lost) break;
        if (this.syncRequested || this.syncWaiters.length > 0) continue;
        this.setWatching(true);
        this.resumeIdle(client);
        // Servers may end an IDLE after 30 minutes (RFC 2177): re-check (and re-enter IDLE)
        // well before that, however long EMAIL_POLL_INTERVAL is.
        const interval = this.deps.config.EMAIL_POLL_INTERVAL * 1000;
        await this.timer.sleep(this.hasIdle ? Math.min(interval, MAX_IDLE_MS) : interval);
      }
    } finally {
      client.off('exists', onExists);
      this.setWatching(false);
    }
  }

  private syncPass(client: ImapFlow, reselect: boolean): Promise<SyncResult> {
    const sink = this.sink;
    if (!sink)
      throw new AppError('INTERNAL_ERR', 'the IMAP source has no sink', { retryable: false });
    return syncMailbox({
      client,
      mailbox: this.target.mailbox,
      repo: this.repo,
      sink,
      backlogDays: this.deps.config.IMAP_BACKLOG_DAYS,
      logger: this.log,
      isStopping: () => this.stopping,
      reselect,
    });
  }

  private afterPass(result: SyncResult, waiters: SyncWaiter[]): void {
    const mailbox = this.target.mailbox;
    if (result.failed > 0) {
      const error = new AppError(
        'STORE_ERR_IO',
        `${result.failed} message${result.failed === 1 ? '' : 's'} from ${mailbox} could not be stored; they stay on the server and are fetched again`,
        { retryable: true },
      );
      this.st.lastError = error.message;
      this.log.warn(
        { event: 'imap.sync_incomplete', failed: result.failed, delivered: result.delivered },
        error.message,
      );
      for (const w of waiters) w.reject(error);
    } else {
      if (result.complete) {
        this.attempts = 0;
        this.st.lastSuccessfulSyncAt = new Date().toISOString();
        this.st.lastError = null;
      }
      if (result.delivered > 0) {
        this.log.info(
          { event: 'imap.sync_completed', delivered: result.delivered, lastUid: result.lastUid },
          `stored ${result.delivered} new message${result.delivered === 1 ? '' : 's'} from ${mailbox}`,
        );
      }
      // A pass cut short by stop() keeps what was accepted and resolves too.
      for (const w of waiters) w.resolve({ delivered: result.delivered });
    }
    this.resolveFirstOutcome();
  }

  /** IDLE again after a command broke it; a no-op while already idling or without IDLE. */
  private resumeIdle(client: ImapFlow): void {
    if (!this.hasIdle || !this.st.watching || this.inPass || this.stopping || !client.usable) {
      return;
    }
    client.idle().catch((err: unknown) => {
      this.log.debug({ error: toAppError(err).message }, 'IDLE ended with an error');
    });
  }

  /**
   * The live client for a settle. Waits through a short reconnect, but a server that is down
   * for longer fails the settle at once (the settler records it and tries again later) rather
   * than holding every settle behind it.
   */
  private connectedClient(): Promise<ImapFlow> {
    const notConnected = () =>
      new AppError(
        'IMAP_ERR_CONNECTION',
        `not connected to ${this.targetText}; the message is settled later`,
        { retryable: true },
      );
    if (!this.loop || this.stopping) return Promise.reject(notConnected());
    const waitMs = this.deps.settleWaitMs ?? 30_000;
    const reconnectAt = this.st.reconnectAt ? Date.parse(this.st.reconnectAt) : null;
    if (!this.gate.client && reconnectAt !== null && reconnectAt - Date.now() > waitMs) {
      return Promise.reject(notConnected());
    }
    return this.gate.wait(waitMs, notConnected);
  }

  private setWatching(watching: boolean): void {
    if (this.st.watching === watching) return;
    this.st.watching = watching;
    this.emitStatus();
  }

  private emitStatus(): void {
    this.deps.events.emit({ type: 'status.changed', status: { source: this.status() } });
  }

  private rejectSyncWaiters(err: unknown): void {
    for (const w of this.syncWaiters.splice(0)) w.reject(err);
  }

  private resolveFirstOutcome(): void {
    this.firstOutcome?.();
    this.firstOutcome = null;
  }
}

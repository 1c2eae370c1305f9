// One sync pass over the watched mailbox: works out which UIDs are new (by UIDVALIDITY + UID in
// sync_state, never \Seen), streams them with BODY.PEEK[] (so nothing is marked read), hands
// each to the sink with several accepts in flight, and persists progress only up to the
// highest UID below which every message was accepted.
import type { ImapFlow } from 'imapflow';
import { toAppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { IncomingMessage, MessageSink } from '../../core/mail.js';
import type { SyncState, SyncStateRepository } from '../sqlite/sync-state.repository.js';
import { chunk, ContiguousProgress, toSequenceSet } from './uid-progress.js';

export interface SyncContext {
  client: ImapFlow;
  mailbox: string;
  repo: SyncStateRepository;
  sink: MessageSink;
  /** IMAP_BACKLOG_DAYS: on the first sync only mail received in the last N days (0 = all). */
  backlogDays: number;
  logger: Logger;
  /** True once stop() was called: the pass ends early, keeping what was accepted. */
  isStopping: () => boolean;
  /**
   * SELECT the mailbox again first. A server that rebuilds a mailbox's index does not always
   * drop open sessions; a fresh SELECT is what reveals a new UIDVALIDITY.
   */
  reselect?: boolean;
  /** How many sink.accept() calls may be in flight (default 64). */
  acceptWindow?: number;
}

export interface SyncResult {
  /** Messages the sink stored as new (a re-fetched, already stored one does not count). */
  delivered: number;
  failed: number;
  uidValidity: number;
  lastUid: number;
  /** Every message found was accepted: the pass counts as a successful sync. */
  complete: boolean;
}

const DAY_MS = 86_400_000;
/** UIDs per FETCH when fetching an explicit list (keeps command lines short). */
const FETCH_CHUNK = 5_000;
/** Progress is written at least this often during a long pass, so a crash refetches little. */
const PERSIST_EVERY = 500;

export async function syncMailbox(ctx: SyncContext): Promise<SyncResult> {
  const { client, mailbox, repo, logger } = ctx;
  let box = client.mailbox;
  if (!box || box.path !== mailbox || ctx.reselect) box = await client.mailboxOpen(mailbox);
  const uidValidity = Number(box.uidValidity);
  const state = loadState(ctx, uidValidity);
  const since = backlogSince(state, ctx.backlogDays);
  const last = state.lastUid;

  let candidates: number[] | null = null;
  let highestSeen = last;
  if (since) {
    // First sync (or the re-sync after a UIDVALIDITY change) with a backlog window: everything
    // above `last` counts as seen, but only mail received since the window start is fetched.
    const all = (await searchUids(client, { uid: `${last + 1}:*` })).filter((u) => u > last);
    const recent = (await searchUids(client, { uid: `${last + 1}:*`, since })).filter(
      (u) => u > last,
    );
    highestSeen = [...all, ...recent].reduce((a, b) => Math.max(a, b), last);
    candidates = recent.sort((a, b) => a - b);
  }

  const progress = new ContiguousProgress(last);
  const inflight = new Set<Promise<void>>();
  const window = ctx.acceptWindow ?? 64;
  let delivered = 0;
  let failed = 0;
  let persisted = last;
  const persist = () => {
    if (progress.safeUid > persisted) {
      repo.advance('imap', mailbox, uidValidity, progress.safeUid);
      persisted = progress.safeUid;
    }
  };

  let ranges: string[];
  if (candidates === null) {
    // Ask rather than trust the cached EXISTS count: servers without IDLE only report news
    // in answer to a command.
    const fresh = (await searchUids(client, { uid: `${last + 1}:*` })).some((u) => u > last);
    ranges = fresh ? [`${last + 1}:*`] : [];
  } else {
    ranges = chunk(candidates, FETCH_CHUNK).map((c) => toSequenceSet(c));
  }
  try {
    for (const range of ranges) {
      for await (const msg of client.fetch(
        range,
        { uid: true, internalDate: true, source: true },
        { uid: true },
      )) {
        // "N:*" always returns the highest message, even when its UID is below N.
        if (msg.uid <= last || !msg.source) continue;
        highestSeen = Math.max(highestSeen, msg.uid);
        progress.register(msg.uid);
        const incoming: IncomingMessage = {
          source: 'imap',
          mailbox,
          uidValidity,
          uid: msg.uid,
          sourceRef: `${uidValidity}:${msg.uid}`,
          raw: msg.source,
          receivedAt: msg.internalDate ? new Date(msg.internalDate) : new Date(),
        };
        const uid = msg.uid;
        // Through a promise even if a sink throws synchronously: it is one message's failure.
        const p: Promise<void> = Promise.resolve(incoming)
          .then((m) => ctx.sink.accept(m))
          .then(
            (accepted) => {
              if (accepted.isNew) delivered++;
              progress.accepted(uid);
              if (progress.safeUid - persisted >= PERSIST_EVERY) persist();
            },
            (err: unknown) => {
              failed++;
              progress.failed();
              logger.warn(
                { event: 'imap.accept_failed', uid, uidValidity, error: toAppError(err).message },
                `could not store IMAP message UID ${uid}; it stays on the server and is fetched again on the next sync`,
              );
            },
          );
        inflight.add(p);
        void p.finally(() => inflight.delete(p));
        if (inflight.size >= window) await Promise.race(inflight);
        if (ctx.isStopping()) break;
      }
      if (ctx.isStopping()) break;
    }
  } finally {
    await Promise.all(inflight);
    persist();
  }

  const complete = progress.complete && !ctx.isStopping();
  if (complete) {
    // Everything fetched is stored; mail outside the backlog window is passed over for good.
    if (highestSeen > persisted) repo.advance('imap', mailbox, uidValidity, highestSeen);
    repo.markCompleted('imap', mailbox, uidValidity);
  }
  return {
    delivered,
    failed,
    uidValidity,
    lastUid: complete ? Math.max(persisted, highestSeen) : persisted,
    complete,
  };
}

function loadState(ctx: SyncContext, uidValidity: number): SyncState {
  const { repo, mailbox, logger } = ctx;
  const existing = repo.get('imap', mailbox);
  if (!existing) {
    logger.info(
      { event: 'imap.first_sync', mailbox, uidValidity, backlogDays: ctx.backlogDays },
      ctx.backlogDays > 0
        ? `first sync of ${mailbox}: mail received in the last ${ctx.backlogDays} days is processed`
        : `first sync of ${mailbox}: all mail is processed`,
    );
    return repo.begin('imap', mailbox, uidValidity);
  }
  if (existing.uidValidity !== uidValidity) {
    logger.warn(
      {
        event: 'imap.uidvalidity_changed',
        mailbox,
        previous: existing.uidValidity,
        uidValidity,
      },
      `${mailbox} has a new UIDVALIDITY (the server rebuilt or re-created it); re-syncing from UID 1, already stored mail is recognised and not processed again`,
    );
    return repo.resetUidValidity('imap', mailbox, uidValidity);
  }
  return existing;
}

/** The backlog window start while no sync has completed under this UIDVALIDITY, else null. */
function backlogSince(state: SyncState, backlogDays: number): Date | null {
  if (backlogDays <= 0 || state.lastSyncAt !== null) return null;
  const origin = state.firstSyncAt ? Date.parse(state.firstSyncAt) : Date.now();
  return new Date(origin - backlogDays * DAY_MS);
}

async function searchUids(
  client: ImapFlow,
  query: { uid: string; since?: Date },
): Promise<number[]> {
  const result = await client.search(query, { uid: true });
  return Array.isArray(result) ? result : [];
}

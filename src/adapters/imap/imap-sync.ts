// One sync pass over the watched mailbox: works out which UIDs are new (by UIDVALIDITY + UID in
// sync_state, never \Seen), streams them with BODY.PEEK[] (so nothing is marked read), hands
// them to the sink in small batches (one transaction each), and persists progress only up to
// the highest UID below which every message was accepted.
import type { ImapFlow } from 'imapflow';
import { toAppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { AcceptResult, IncomingMessage, MessageSink } from '../../core/mail.js';
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
  /**
   * At most this many fetched messages are held and then stored together (default 64): the
   * bound on raw messages in memory between the server and the store.
   */
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
/** A batch is stored once it holds this many bytes, whatever its count. */
const BATCH_MAX_BYTES = 8 * 1024 * 1024;
/** A batch waits at most this long for more messages: a slow server never delays a store. */
const BATCH_WAIT_MS = 20;
const WAITED = Symbol('waited');

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
  const batchMax = ctx.acceptWindow ?? 64;
  let delivered = 0;
  let failed = 0;
  let persisted = last;
  const persist = () => {
    if (progress.safeUid > persisted) {
      repo.advance('imap', mailbox, uidValidity, progress.safeUid);
      persisted = progress.safeUid;
    }
  };

  let batch: IncomingMessage[] = [];
  let batchBytes = 0;
  let deadline: Promise<typeof WAITED> | null = null;
  let deadlineTimer: NodeJS.Timeout | undefined;
  // Stores the held messages; only then does the progress marker move past them.
  const flush = async () => {
    clearTimeout(deadlineTimer);
    deadline = null;
    if (batch.length === 0) return;
    const taken = batch;
    batch = [];
    batchBytes = 0;
    const results = await acceptAll(ctx.sink, taken);
    results.forEach((r, i) => {
      const uid = taken[i]!.uid!;
      if (r instanceof Error) {
        failed++;
        progress.failed();
        logger.warn(
          { event: 'imap.accept_failed', uid, uidValidity, error: r.message },
          `could not store IMAP message UID ${uid}; it stays on the server and is fetched again on the next sync`,
        );
      } else {
        if (r.isNew) delivered++;
        progress.accepted(uid);
      }
    });
    if (progress.safeUid - persisted >= PERSIST_EVERY) persist();
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
      const stream = client.fetch(
        range,
        { uid: true, internalDate: true, source: true },
        { uid: true },
      );
      const rows = stream[Symbol.asyncIterator]();
      try {
        for (;;) {
          // imapflow reads the next row only when asked: at most one batch (+1) is in memory.
          const next = rows.next();
          let step = deadline ? await Promise.race([next, deadline]) : await next;
          if (step === WAITED) {
            await flush();
            step = await next;
          }
          if (step.done) break;
          const msg = step.value;
          // "N:*" always returns the highest message, even when its UID is below N.
          if (msg.uid <= last || !msg.source) continue;
          highestSeen = Math.max(highestSeen, msg.uid);
          progress.register(msg.uid);
          batch.push({
            source: 'imap',
            mailbox,
            uidValidity,
            uid: msg.uid,
            sourceRef: `${uidValidity}:${msg.uid}`,
            raw: msg.source,
            receivedAt: msg.internalDate ? new Date(msg.internalDate) : new Date(),
          });
          batchBytes += msg.source.length;
          if (batch.length >= batchMax || batchBytes >= BATCH_MAX_BYTES) await flush();
          else
            deadline ??= new Promise(
              (resolve) => (deadlineTimer = setTimeout(resolve, BATCH_WAIT_MS, WAITED)),
            );
          if (ctx.isStopping()) break;
        }
      } finally {
        // Ends the FETCH stream on break/throw (releases imapflow's back-pressure hold).
        await rows.return?.(undefined);
      }
      await flush();
      if (ctx.isStopping()) break;
    }
  } finally {
    await flush();
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

/**
 * Stores a batch in one transaction when the sink can; if that fails (or the sink has no batch
 * accept) each message is stored alone, so one bad message fails by itself.
 */
async function acceptAll(
  sink: MessageSink,
  batch: readonly IncomingMessage[],
): Promise<(AcceptResult | Error)[]> {
  if (sink.acceptBatch && batch.length > 1) {
    try {
      return await sink.acceptBatch(batch);
    } catch {
      // Nothing of the batch was stored (all or none): fall through, one at a time.
    }
  }
  return Promise.all(
    batch.map((m) =>
      // Through a promise even if a sink throws synchronously.
      Promise.resolve(m)
        .then((x) => sink.accept(x))
        .catch((err: unknown) => toAppError(err)),
    ),
  );
}

async function searchUids(
  client: ImapFlow,
  query: { uid: string; since?: Date },
): Promise<number[]> {
  const result = await client.search(query, { uid: true });
  return Array.isArray(result) ? result : [];
}

// Settles a finished authorization on the server, per IMAP_POST_ACTION: move it to the processed
// or failed folder (created when missing), add a keyword, or leave it. The message is found by
// UID while the UIDVALIDITY still matches, else by its Message-ID; a message already gone is
// fine (settling is idempotent: a retry after a crash finds nothing left to do). Many requests
// are settled together with one SEARCH and one MOVE per destination.
import type { ImapFlow } from 'imapflow';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { SettleRequest } from '../../core/mail.js';
import { toSequenceSet } from './uid-progress.js';

export type PostAction = 'move' | 'flag' | 'none';

export const PROCESSED_KEYWORD = '$AssistantProcessed';
export const FAILED_KEYWORD = '$AssistantFailed';

export interface SettleContext {
  client: ImapFlow;
  postAction: PostAction;
  processedFolder: string;
  failedFolder: string;
  logger: Logger;
  /** Folders known to exist on this connection, so CREATE is sent once. */
  knownFolders: Set<string>;
}

export type SettleResult = 'moved' | 'flagged' | 'gone' | 'left';

export async function settleOnServer(
  ctx: SettleContext,
  request: SettleRequest,
): Promise<SettleResult> {
  if (ctx.postAction === 'none') return 'left';
  const { client } = ctx;
  let box = client.mailbox;
  if (!box || box.path !== request.mailbox) box = await client.mailboxOpen(request.mailbox);

  const uids = await locate(client, request, Number(box.uidValidity));
  if (uids.length === 0) {
    ctx.logger.debug(
      { uid: request.uid, sourceRef: request.sourceRef },
      'message to settle is no longer in the mailbox; nothing to do',
    );
    return 'gone';
  }
  return applyToSet(ctx, toSequenceSet(uids), request.outcome);
}

async function locate(
  client: ImapFlow,
  request: SettleRequest,
  currentUidValidity: number,
): Promise<number[]> {
  if (request.uid !== null && request.uidValidity === currentUidValidity) {
    // Under the same UIDVALIDITY a UID names one message for ever: gone means moved or deleted.
    const found = await client.search({ uid: String(request.uid) }, { uid: true });
    return Array.isArray(found) ? found.filter((u) => u === request.uid) : [];
  }
  if (!request.messageIdHeader) return [];
  const found = await client.search(
    { header: { 'message-id': request.messageIdHeader } },
    { uid: true },
  );
  return Array.isArray(found) ? found : [];
}

async function ensureFolder(ctx: SettleContext, folder: string): Promise<void> {
  if (ctx.knownFolders.has(folder)) return;
  // CREATE answers ALREADYEXISTS (which imapflow reports as created: false) when it is there.
  const result = await ctx.client.mailboxCreate(folder);
  if (result?.created) {
    ctx.logger.info(
      { event: 'imap.folder_created', folder },
      `created the IMAP folder ${folder} for handled authorizations`,
    );
  }
  ctx.knownFolders.add(folder);
}

/** UIDs per MOVE / STORE command, so a long backlog never builds an endless command line. */
const GROUP_MAX = 500;

/**
 * Settles several requests with one UID SEARCH per mailbox and one UID MOVE (or STORE) per
 * destination, instead of a SEARCH and a MOVE each. One result per request, in order. A
 * request under an older UIDVALIDITY is found by its Message-ID, alone. If the connection
 * drops, this throws (the caller retries the whole call on the next connection: idempotent);
 * a command the server refuses fails only the requests it carried.
 */
export async function settleManyOnServer(
  ctx: SettleContext,
  requests: readonly SettleRequest[],
): Promise<PromiseSettledResult<SettleResult>[]> {
  const results: PromiseSettledResult<SettleResult>[] = requests.map(() => ({
    status: 'fulfilled',
    value: 'left',
  }));
  if (ctx.postAction === 'none') return results;
  const { client } = ctx;
  const attempt = async (indices: number[], fn: () => Promise<SettleResult>) => {
    try {
      const value = await fn();
      for (const i of indices) results[i] = { status: 'fulfilled', value };
    } catch (err) {
      if (!client.usable) throw err;
      for (const i of indices) results[i] = { status: 'rejected', reason: err };
    }
  };
  for (const [mailbox, indices] of groupBy(requests.keys(), (i) => requests[i]!.mailbox)) {
    let box = client.mailbox;
    if (!box || box.path !== mailbox) box = await client.mailboxOpen(mailbox);
    const uidValidity = Number(box.uidValidity);
    const byUid = indices.filter((i) => {
      const r = requests[i]!;
      return r.uid !== null && r.uidValidity === uidValidity;
    });
    // After a UIDVALIDITY change: by Message-ID, one at a time (rare).
    for (const i of indices.filter((i) => !byUid.includes(i))) {
      await attempt([i], () => settleOnServer(ctx, requests[i]!));
    }
    if (byUid.length === 0) continue;
    // Under one UIDVALIDITY a UID names one message for ever: absent means moved or deleted.
    const wanted = new Set(byUid.map((i) => requests[i]!.uid!));
    const found = await client.search({ uid: toSequenceSet([...wanted]) }, { uid: true });
    const present = new Set(Array.isArray(found) ? found.filter((u) => wanted.has(u)) : []);
    for (const i of byUid) {
      if (!present.has(requests[i]!.uid!)) results[i] = { status: 'fulfilled', value: 'gone' };
    }
    const live = byUid.filter((i) => present.has(requests[i]!.uid!));
    for (const [outcome, group] of groupBy(live, (i) => requests[i]!.outcome)) {
      for (let k = 0; k < group.length; k += GROUP_MAX) {
        const part = group.slice(k, k + GROUP_MAX);
        const set = toSequenceSet(part.map((i) => requests[i]!.uid!));
        await attempt(part, () => applyToSet(ctx, set, outcome));
      }
    }
  }
  return results;
}

async function applyToSet(
  ctx: SettleContext,
  set: string,
  outcome: SettleRequest['outcome'],
): Promise<SettleResult> {
  const { client } = ctx;
  if (ctx.postAction === 'flag') {
    const keyword = outcome === 'processed' ? PROCESSED_KEYWORD : FAILED_KEYWORD;
    if (!(await client.messageFlagsAdd(set, [keyword], { uid: true }))) {
      throw new AppError('IMAP_ERR_MAILBOX', `the server refused the keyword ${keyword}`, {
        retryable: false,
        hint: 'this mailbox does not accept custom keywords: use IMAP_POST_ACTION=move instead',
      });
    }
    return 'flagged';
  }
  const folder = outcome === 'processed' ? ctx.processedFolder : ctx.failedFolder;
  await ensureFolder(ctx, folder);
  if (!(await client.messageMove(set, folder, { uid: true }))) {
    throw new AppError('IMAP_ERR_MAILBOX', `the server did not move the messages to ${folder}`, {
      retryable: true,
    });
  }
  return 'moved';
}

function groupBy<K>(indices: Iterable<number>, key: (i: number) => K): Map<K, number[]> {
  const out = new Map<K, number[]>();
  for (const i of indices) {
    const list = out.get(key(i));
    if (list) list.push(i);
    else out.set(key(i), [i]);
  }
  return out;
}

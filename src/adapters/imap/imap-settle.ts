// Settles a finished authorization on the server, per IMAP_POST_ACTION: move it to the processed
// or failed folder (created when missing), add a keyword, or leave it. The message is found by
// UID while the UIDVALIDITY still matches, else by its Message-ID; a message already gone is
// fine (settling is idempotent: a retry after a crash finds nothing left to do).
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
  const set = toSequenceSet(uids);
  if (ctx.postAction === 'flag') {
    const keyword = request.outcome === 'processed' ? PROCESSED_KEYWORD : FAILED_KEYWORD;
    // imapflow drops flags the mailbox does not permit and then reports false.
    if (!(await client.messageFlagsAdd(set, [keyword], { uid: true }))) {
      throw new AppError('IMAP_ERR_MAILBOX', `the server refused the keyword ${keyword}`, {
        retryable: false,
        hint: 'this mailbox does not accept custom keywords: use IMAP_POST_ACTION=move instead',
      });
    }
    return 'flagged';
  }
  const folder = request.outcome === 'processed' ? ctx.processedFolder : ctx.failedFolder;
  await ensureFolder(ctx, folder);
  if (!(await client.messageMove(set, folder, { uid: true }))) {
    throw new AppError('IMAP_ERR_MAILBOX', `the server did not move the message to ${folder}`, {
      retryable: true,
    });
  }
  return 'moved';
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

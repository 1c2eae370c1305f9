// The embedded default MailSource: `.eml` files in INBOX_DIR, including those dropped while the
// service was down. A file is read only once it has stopped changing, handed to the sink, and
// moved into its processed/ or failed/ subfolder only when the pipeline has finished with it.
import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type {
  AcceptResult,
  IncomingMessage,
  MailSource,
  MessageSink,
  SettleRequest,
  SourceStatus,
} from '../../core/mail.js';

export interface FolderSourceOptions {
  inboxDir: string;
  /** Safety rescan interval (EMAIL_POLL_INTERVAL), in ms. */
  pollIntervalMs: number;
  logger: Logger;
  /** A file is read once its size and mtime have not changed for this long (ms). */
  settleTimeMs?: number;
}

/** Files handed to the sink in one batch, by count and by bytes. */
const BATCH_MAX = 64;
const BATCH_MAX_BYTES = 8 * 1024 * 1024;

interface ReadyFile {
  name: string;
  signature: string;
  message: IncomingMessage;
}

export const PROCESSED_DIR = 'processed';
export const FAILED_DIR = 'failed';

export function createFolderSource(opts: FolderSourceOptions): MailSource {
  return new FolderSource(opts);
}

class FolderSource implements MailSource {
  readonly kind = 'folder' as const;
  private sink: MessageSink | null = null;
  private watcher: FSWatcher | null = null;
  private interval: NodeJS.Timeout | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private scanning: Promise<number> | null = null;
  private rescanRequested = false;
  /**
   * Files delivered in this run, by name → size:mtime (so they are not read again) and content
   * hash (so a second file with the same bytes is offered again once the first is settled).
   */
  private readonly delivered = new Map<string, { signature: string; hash: string }>();
  private lastSyncAt: string | null = null;
  private lastError: string | null = null;
  private readonly settleTimeMs: number;

  constructor(private readonly opts: FolderSourceOptions) {
    this.settleTimeMs = opts.settleTimeMs ?? 500;
  }

  async start(sink: MessageSink): Promise<void> {
    this.sink = sink;
    await this.ensureDirs();
    this.watcher = watch(this.opts.inboxDir, () => this.scheduleScan(this.settleTimeMs / 2));
    this.watcher.on('error', (err) => {
      this.lastError = err.message;
      this.opts.logger.warn(
        { event: 'folder.watch_error', err },
        'watching the inbox folder failed; rescanning on the timer',
      );
    });
    this.interval = setInterval(() => this.scheduleScan(0), this.opts.pollIntervalMs);
    await this.scan(false);
  }

  async syncNow(): Promise<{ delivered: number }> {
    if (!this.sink)
      throw new AppError('FOLDER_ERR_IO', 'the folder source is not started', { retryable: false });
    return { delivered: await this.scan(true) };
  }

  async settle(request: SettleRequest): Promise<void> {
    const name = basename(request.sourceRef);
    const from = join(this.opts.inboxDir, name);
    const folder = join(
      this.opts.inboxDir,
      request.outcome === 'processed' ? PROCESSED_DIR : FAILED_DIR,
    );
    try {
      await mkdir(folder, { recursive: true });
      await rename(from, await freeName(folder, name));
      this.forgetCopies(name);
    } catch (err) {
      // Already moved (a retry after a crash between the move and its record): nothing to do.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new AppError('FOLDER_ERR_IO', `cannot move ${name} to ${folder}`, {
        retryable: true,
        cause: err,
      });
    }
  }

  async stop(): Promise<void> {
    this.watcher?.close();
    this.watcher = null;
    if (this.interval) clearInterval(this.interval);
    if (this.debounce) clearTimeout(this.debounce);
    this.interval = this.debounce = null;
    await this.scanning?.catch(() => 0);
    this.sink = null;
  }

  status(): SourceStatus {
    return {
      kind: 'folder',
      target: this.opts.inboxDir,
      connected: true,
      watching: this.watcher !== null,
      lastSuccessfulSyncAt: this.lastSyncAt,
      lastError: this.lastError,
      reconnectAt: null,
    };
  }

  private async ensureDirs(): Promise<void> {
    try {
      for (const d of ['', PROCESSED_DIR, FAILED_DIR])
        await mkdir(join(this.opts.inboxDir, d), { recursive: true });
    } catch (err) {
      throw new AppError('FOLDER_ERR_IO', `cannot create the inbox folder ${this.opts.inboxDir}`, {
        retryable: false,
        cause: err,
        hint: 'check INBOX_DIR and that its parent folder is writable',
      });
    }
  }

  private scheduleScan(delayMs: number): void {
    if (!this.sink) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = null;
      void this.scan(false);
    }, delayMs);
  }

  /** One pass; concurrent requests share it (and ask for one more pass after it). */
  private scan(waitForWriters: boolean): Promise<number> {
    if (this.scanning) {
      this.rescanRequested = true;
      return this.scanning.then(() => this.scan(waitForWriters));
    }
    this.scanning = this.scanOnce(waitForWriters)
      .catch((err: unknown) => {
        this.lastError = err instanceof Error ? err.message : String(err);
        this.opts.logger.warn(
          { event: 'folder.scan_failed', err },
          'scanning the inbox folder failed',
        );
        return 0;
      })
      .finally(() => {
        this.scanning = null;
        if (this.rescanRequested) {
          this.rescanRequested = false;
          this.scheduleScan(0);
        }
      });
    return this.scanning;
  }

  private async scanOnce(waitForWriters: boolean): Promise<number> {
    let delivered = 0;
    for (;;) {
      let unstable = 0;
      const names = await this.listByArrival();
      // Read files are handed over together (one transaction in the store), a few at a time.
      let batch: ReadyFile[] = [];
      let bytes = 0;
      for (const name of names) {
        if (!this.sink) return delivered;
        const result = await this.read(name);
        if (result === 'unstable') unstable++;
        if (typeof result !== 'object') continue;
        batch.push(result);
        bytes += result.message.raw.length;
        if (batch.length >= BATCH_MAX || bytes >= BATCH_MAX_BYTES) {
          delivered += await this.hand(batch);
          batch = [];
          bytes = 0;
        }
      }
      delivered += await this.hand(batch);
      this.lastSyncAt = new Date().toISOString();
      this.lastError = null;
      if (unstable === 0) return delivered;
      if (!waitForWriters) {
        this.scheduleScan(this.settleTimeMs);
        return delivered;
      }
      await new Promise((r) => setTimeout(r, this.settleTimeMs / 2));
    }
  }

  /** `.eml` names, oldest first (arrival order matters: an original before its amendment). */
  private async listByArrival(): Promise<string[]> {
    const dir = this.opts.inboxDir;
    const names = (await readdir(dir)).filter((n) => extname(n).toLowerCase() === '.eml');
    const timed = await Promise.all(
      names.map(async (name) => ({
        name,
        t: (await stat(join(dir, name)).catch(() => null))?.mtimeMs ?? 0,
      })),
    );
    timed.sort((a, b) => a.t - b.t || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return timed.map((x) => x.name);
  }

  private async read(name: string): Promise<ReadyFile | 'seen' | 'unstable' | 'gone'> {
    const path = join(this.opts.inboxDir, name);
    const before = await stat(path).catch(() => null);
    if (!before?.isFile()) return 'gone';
    const signature = `${before.size}:${before.mtimeMs}`;
    if (this.delivered.get(name)?.signature === signature) return 'seen';
    // A file still being written keeps changing; wait until it has been quiet for a while.
    if (Date.now() - before.mtimeMs < this.settleTimeMs) return 'unstable';
    const raw = await readFile(path).catch(() => null);
    const after = await stat(path).catch(() => null);
    if (!raw || !after) return 'gone';
    if (after.size !== raw.length || after.mtimeMs !== before.mtimeMs) return 'unstable';
    return {
      name,
      signature,
      message: {
        source: 'folder',
        mailbox: this.opts.inboxDir,
        uidValidity: null,
        uid: null,
        sourceRef: name,
        raw,
        receivedAt: before.mtime,
      },
    };
  }

  /**
   * Hands read files to the sink (in one batch when it can take one; one at a time if that
   * fails, so a bad file fails alone); returns how many were new. A file is remembered as
   * delivered only once the sink has stored it.
   */
  private async hand(files: ReadyFile[]): Promise<number> {
    const sink = this.sink;
    if (!sink || files.length === 0) return 0;
    const remember = (f: ReadyFile, r: AcceptResult): number => {
      const hash = createHash('sha256').update(f.message.raw).digest('hex');
      this.delivered.set(f.name, { signature: f.signature, hash });
      return r.isNew ? 1 : 0;
    };
    if (sink.acceptBatch && files.length > 1) {
      const results = await sink.acceptBatch(files.map((f) => f.message)).catch(() => null);
      if (results) return results.reduce((n, r, i) => n + remember(files[i]!, r), 0);
    }
    let delivered = 0;
    for (const f of files) delivered += remember(f, await sink.accept(f.message));
    return delivered;
  }

  /**
   * A settled file is forgotten, and so is any other file with the same bytes: the store knows
   * one message per content, so such a copy is offered again and then settled in its turn
   * instead of staying in the inbox.
   */
  private forgetCopies(name: string): void {
    const hash = this.delivered.get(name)?.hash;
    this.delivered.delete(name);
    if (hash === undefined) return;
    let copies = 0;
    for (const [other, entry] of this.delivered) {
      if (entry.hash === hash) {
        this.delivered.delete(other);
        copies++;
      }
    }
    if (copies > 0) this.scheduleScan(0);
  }
}

/** `name`, or `name-2.eml`, `name-3.eml` … when a different file already took that name. */
async function freeName(folder: string, name: string): Promise<string> {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let i = 1; ; i++) {
    const candidate = join(folder, i === 1 ? name : `${stem}-${i}${ext}`);
    if (!(await stat(candidate).catch(() => null))) return candidate;
  }
}

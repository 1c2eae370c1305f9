// Who may use the IMAP connection right now: holds the current logged-in client and lets a
// caller (settle) wait a bounded time for one while the source reconnects.
import type { ImapFlow } from 'imapflow';

interface Waiter {
  resolve: (client: ImapFlow) => void;
  reject: (err: unknown) => void;
}

export class ClientGate {
  private current: ImapFlow | null = null;
  private readonly waiters = new Set<Waiter>();

  open(client: ImapFlow): void {
    this.current = client;
    for (const w of [...this.waiters]) w.resolve(client);
  }

  close(client: ImapFlow): void {
    if (this.current === client) this.current = null;
  }

  /** The connected client, or null. */
  get client(): ImapFlow | null {
    return this.current?.usable ? this.current : null;
  }

  /** Resolves with a usable client, or rejects with `timeoutError()` after `timeoutMs`. */
  wait(timeoutMs: number, timeoutError: () => Error): Promise<ImapFlow> {
    const ready = this.client;
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (c) => {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          resolve(c);
        },
        reject: (err) => {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          reject(err);
        },
      };
      const timer = setTimeout(() => waiter.reject(timeoutError()), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  rejectAll(err: unknown): void {
    for (const w of [...this.waiters]) w.reject(err);
  }
}

/** Runs tasks one after another: sync passes and settles both select and use the one mailbox. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

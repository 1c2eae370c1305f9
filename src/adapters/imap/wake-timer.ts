// A sleep that something else can cut short: the watcher waits on it between syncs (IDLE news,
// the periodic re-check, "poll now", stop) and the reconnect loop waits on it during backoff.

export class WakeTimer {
  private pending: (() => void) | null = null;

  /** Resolves after `ms`, or at once when wake() is called meanwhile. */
  sleep(ms: number): Promise<void> {
    this.wake();
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(), ms);
      const done = () => {
        clearTimeout(timer);
        if (this.pending === done) this.pending = null;
        resolve();
      };
      this.pending = done;
    });
  }

  wake(): void {
    this.pending?.();
  }
}

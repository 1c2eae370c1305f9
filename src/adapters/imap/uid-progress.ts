// Pure helpers for UID bookkeeping: compressing UID lists into IMAP sequence sets, and tracking
// which fetched messages the sink has accepted so the progress marker only ever moves up to the
// highest UID below which every message is safely stored.

/** [3,4,5,9,11,12] → "3:5,9,11:12" */
export function toSequenceSet(uids: readonly number[]): string {
  const sorted = [...uids].sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    const start = sorted[i]!;
    let end = start;
    while (i + 1 < sorted.length && sorted[i + 1]! <= end + 1) end = sorted[++i]!;
    parts.push(start === end ? String(start) : `${start}:${end}`);
    i++;
  }
  return parts.join(',');
}

/** Splits a sorted UID list into chunks of at most `size`, for bounded FETCH commands. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Messages are registered in UID order as they are fetched, then settled (accepted or failed)
 * in any order. `safeUid` is the highest UID such that it and every registered UID below it
 * were accepted: the only value a source may persist as its progress.
 */
export class ContiguousProgress {
  private readonly order: number[] = [];
  private readonly done = new Set<number>();
  private head = 0;
  private failedAny = false;

  constructor(private safe: number) {}

  register(uid: number): void {
    this.order.push(uid);
  }

  accepted(uid: number): void {
    this.done.add(uid);
    while (this.head < this.order.length && this.done.has(this.order[this.head]!)) {
      this.safe = Math.max(this.safe, this.order[this.head]!);
      this.done.delete(this.order[this.head]!);
      this.head++;
    }
  }

  /** A failed message blocks the marker at the UID before it, for this pass. */
  failed(): void {
    this.failedAny = true;
  }

  get safeUid(): number {
    return this.safe;
  }

  get hasFailures(): boolean {
    return this.failedAny;
  }

  /** True when every registered message was accepted. */
  get complete(): boolean {
    return !this.failedAny && this.head === this.order.length;
  }
}

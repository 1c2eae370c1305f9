// Waits until the pipeline has nothing left to do: every email finished, every action
// terminal, every settle tried. Used by `run --once`; polls the store because work can be
// waiting on a retry timer rather than in flight.
import type { Store } from './store.js';

export interface Busy {
  readonly busy: boolean;
}

export async function waitUntilQuiet(store: Store, parts: Busy[], pollMs = 50): Promise<void> {
  let quietChecks = 0;
  // Two quiet looks in a row, so work handed over between two parts is not missed.
  while (quietChecks < 2) {
    await new Promise((r) => setTimeout(r, pollMs));
    if (!store.db.open) throw new Error('stopped before the work was done');
    const quiet =
      parts.every((p) => !p.busy) &&
      store.messages.countUnfinished() === 0 &&
      store.actions.countOpen() === 0;
    quietChecks = quiet ? quietChecks + 1 : 0;
  }
}

import type { Migration } from './index.js';

// The dispatcher asks, on every pump, for the oldest few pending actions whose dependencies are
// terminal. Walking this index in id order it stops after the first few it can run; without
// it SQLite checked the dependencies of every pending action and sorted them each time (about
// 12 ms per pump with 2,000 pending in a backlog).
export const m002ActionsPendingOrder: Migration = {
  version: 2,
  name: 'actions-pending-order',
  sql: `
CREATE INDEX actions_pending_order ON actions(id) WHERE status = 'pending';
`,
};

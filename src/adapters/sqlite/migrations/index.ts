// Versioned schema. Each migration runs once, in order, inside a transaction; PRAGMA
// user_version records the last one applied. To change the schema, append a migration:
// never edit one that has shipped.
import { m001Initial } from './001-initial.js';
import { m002ActionsPendingOrder } from './002-actions-pending-order.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [m001Initial, m002ActionsPendingOrder];

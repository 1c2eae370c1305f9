// What route modules receive: the read side (QueryRepository) and the write side (ControlService).
import type { Registry } from 'prom-client';
import type { QueryRepository } from '../../adapters/sqlite/query.repository.js';
import type { ControlService } from '../../core/control.js';

export interface RouteDeps {
  control: ControlService;
  queries: QueryRepository;
  metrics: Registry;
  version: string;
  /** null when the database answers a query, else why not (GET /health → 503). */
  databaseProblem(): string | null;
}

// The operations a person (dashboard, API, chat model) can ask of the running service, and the
// status it reports. The HTTP layer and the CLI call these; they hold no business rules.
import type { AuthorizationFields } from './extraction-record.js';
import type { SourceStatus } from './mail.js';

export type IntegrationMode = 'live' | 'preview' | 'dry_run';

export interface IntegrationStatus {
  name: 'invoiceninja' | 'google_calendar' | 'webhook' | 'geocoding';
  /** live = configured and sending; preview = not configured, requests recorded only; dry_run = DRY_RUN=true. */
  mode: IntegrationMode;
  /** Outcome of the most recent call, if any. */
  lastOk: boolean | null;
  lastError: string | null;
  lastCallAt: string | null;
}

export interface ServiceStatus {
  version: string;
  startedAt: string;
  monitoring: boolean;
  source: SourceStatus;
  lastSuccessfulSyncAt: string | null;
  queue: {
    /** Emails stored but not yet finished. */
    pendingEmails: number;
    /** Actions waiting or running. */
    pendingActions: number;
    needsReview: number;
    failedAuthorizations: number;
  };
  integrations: IntegrationStatus[];
  today: {
    emailsReceived: number;
    authorizations: number;
    ignored: number;
    failed: number;
  };
}

/** A correction made in the review queue: any subset of the fields, nested objects merged. */
export interface FieldsPatch {
  authorizationId?: string | null;
  client?: Partial<AuthorizationFields['client']>;
  recipient?: Partial<AuthorizationFields['recipient']>;
  service?: Partial<AuthorizationFields['service']>;
  mileage?: number | null;
  kind?: 'new' | 'amendment' | 'cancellation';
}

export type ControlResult =
  | { ok: true; message: string }
  | { ok: false; code: 'NOT_FOUND' | 'CONFLICT' | 'INVALID'; message: string };

export interface ControlService {
  startMonitoring(): Promise<ControlResult>;
  stopMonitoring(): Promise<ControlResult>;
  /** Checks the mailbox now and resolves when what was found has been stored. */
  pollNow(): Promise<ControlResult & { delivered?: number }>;
  status(): ServiceStatus;
  /** Corrects fields of an authorization in review (409 CONFLICT once it has left review). */
  updateAuthorization(id: number, patch: FieldsPatch): Promise<ControlResult>;
  /** Releases a reviewed authorization to its actions; refuses while required fields are missing. */
  approveAuthorization(id: number): Promise<ControlResult>;
  /** Re-queues every failed action of an authorization. */
  retryAuthorization(id: number): Promise<ControlResult>;
  /** Runs an email through extraction again (its earlier authorization, if any, is kept when actions ran). */
  reprocessEmail(id: number): Promise<ControlResult>;
}

// A ControlService test double: records every call and returns realistic results; a call can be
// made to throw (for the 5xx masking tests) or to return a chosen result.
import type {
  ControlResult,
  ControlService,
  FieldsPatch,
  ServiceStatus,
} from '../../../src/core/control.js';

export interface Call {
  method: string;
  args: unknown[];
}

export class ControlDouble implements ControlService {
  readonly calls: Call[] = [];
  /** Methods that throw this error instead of answering. */
  throwing = new Map<string, Error>();
  /** Chosen answers per method. */
  answers = new Map<string, ControlResult & { delivered?: number }>();
  monitoring = true;

  private record(method: string, ...args: unknown[]): ControlResult & { delivered?: number } {
    this.calls.push({ method, args });
    const err = this.throwing.get(method);
    if (err) throw err;
    return this.answers.get(method) ?? { ok: true, message: `${method} done` };
  }

  async startMonitoring() {
    this.monitoring = true;
    return this.record('startMonitoring');
  }
  async stopMonitoring() {
    this.monitoring = false;
    return this.record('stopMonitoring');
  }
  async pollNow() {
    const r = this.record('pollNow');
    return r.ok ? { ...r, delivered: r.delivered ?? 2 } : r;
  }
  async updateAuthorization(id: number, patch: FieldsPatch) {
    return this.record('updateAuthorization', id, patch);
  }
  async approveAuthorization(id: number) {
    return this.record('approveAuthorization', id);
  }
  async retryAuthorization(id: number) {
    return this.record('retryAuthorization', id);
  }
  async reprocessEmail(id: number) {
    return this.record('reprocessEmail', id);
  }

  status(): ServiceStatus {
    const err = this.throwing.get('status');
    if (err) throw err;
    return {
      version: '0.1.0',
      startedAt: '2026-11-25T08:00:00.000Z',
      monitoring: this.monitoring,
      source: {
        kind: 'imap',
        target: 'imap://vendor@mail.example.test:993/INBOX',
        connected: true,
        watching: this.monitoring,
        lastSuccessfulSyncAt: '2026-11-25T09:00:00.000Z',
        lastError: null,
        reconnectAt: null,
      },
      lastSuccessfulSyncAt: '2026-11-25T09:00:00.000Z',
      queue: { pendingEmails: 1, pendingActions: 3, needsReview: 1, failedAuthorizations: 1 },
      integrations: [
        {
          name: 'invoiceninja',
          mode: 'live',
          lastOk: true,
          lastError: null,
          lastCallAt: '2026-11-25T09:01:00.000Z',
        },
        {
          name: 'google_calendar',
          mode: 'preview',
          lastOk: null,
          lastError: null,
          lastCallAt: null,
        },
        { name: 'webhook', mode: 'preview', lastOk: null, lastError: null, lastCallAt: null },
        { name: 'geocoding', mode: 'live', lastOk: null, lastError: null, lastCallAt: null },
      ],
      today: { emailsReceived: 4, authorizations: 2, ignored: 1, failed: 0 },
    };
  }
}

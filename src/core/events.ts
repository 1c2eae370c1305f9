// In-process events: what the WebSocket feed, the metrics and the logs listen to.
// Emitting is synchronous and never throws into the emitter.

export type AppEvent =
  | { type: 'status.changed'; status: Record<string, unknown> }
  | { type: 'email.received'; emailId: number; subject: string | null; from: string | null }
  | {
      type: 'email.processed';
      emailId: number;
      outcome: string;
      authorizationId: number | null;
      /** Stored → finished, for the latency histogram. */
      latencyMs: number;
    }
  | { type: 'email.ignored'; emailId: number; subject: string | null }
  | { type: 'email.failed'; emailId: number; error: string }
  | { type: 'action.succeeded'; actionId: number; authorizationId: number; actionType: string }
  | {
      type: 'action.failed';
      actionId: number;
      authorizationId: number;
      actionType: string;
      error: string;
      willRetry: boolean;
    }
  | { type: 'action.skipped'; actionId: number; authorizationId: number; actionType: string }
  | { type: 'review.needed'; authorizationId: number; reasons: string[] }
  | { type: 'authorization.updated'; authorizationId: number; status: string }
  | { type: 'log'; level: string; eventType: string; message: string; timestamp: string };

export type AppEventType = AppEvent['type'];
type Listener = (event: AppEvent) => void;

export class EventBus {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: AppEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken listener must never break the pipeline that emitted the event.
      }
    }
  }
}

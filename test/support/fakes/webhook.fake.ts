// A webhook receiver that records every delivery (headers + raw body) and can answer with a
// chosen status (e.g. a 302 redirect, which the sender must treat as a failure).
import { FakeServer, type FakeReply, type FakeRequest } from './fake-server.js';

export interface Delivery {
  headers: FakeRequest['headers'];
  rawBody: string;
  json: Record<string, unknown>;
  method: string;
}

export class WebhookFake extends FakeServer {
  readonly deliveries: Delivery[] = [];
  /** The reply to give; defaults to 200 {ok:true}. */
  reply: FakeReply = { status: 200, body: { ok: true } };

  /** Deliveries with distinct ids (what a receiver deduplicating on webhook-id would keep). */
  uniqueDeliveries(): Delivery[] {
    const seen = new Map<string, Delivery>();
    for (const d of this.deliveries) seen.set(String(d.json.id), d);
    return [...seen.values()];
  }

  protected handle(req: FakeRequest): FakeReply {
    if (req.method === 'POST') {
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(req.rawBody) as Record<string, unknown>;
      } catch {
        return { status: 400, body: { error: 'not json' } };
      }
      if (this.reply.status < 300) {
        this.deliveries.push({
          headers: req.headers,
          rawBody: req.rawBody,
          json,
          method: req.method,
        });
      }
    }
    return this.reply;
  }
}

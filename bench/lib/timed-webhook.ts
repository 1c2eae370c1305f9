// A webhook receiver that notes when each delivery arrived, for the latency benchmark.
import { WebhookFake, type Delivery } from '../../test/support/fakes/index.js';
import type { FakeRequest } from '../../test/support/fakes/index.js';

export class TimedWebhook extends WebhookFake {
  readonly timed: (Delivery & { receivedAt: number })[] = [];

  protected override handle(req: FakeRequest) {
    const receivedAt = performance.now();
    const reply = super.handle(req);
    if (req.method === 'POST' && reply.status < 300) {
      const json = JSON.parse(req.rawBody) as Record<string, unknown>;
      this.timed.push({
        headers: req.headers,
        rawBody: req.rawBody,
        json,
        method: req.method,
        receivedAt,
      });
    }
    return reply;
  }
}

// Fills an inbox folder with a reproducible mix: authorizations, their amendments, ordinary
// mail, emails that need review, and flaky external calls — the same bytes on every call.
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eml } from './eml.js';

export function fillInbox(inboxDir: string, count: number): void {
  mkdirSync(inboxDir, { recursive: true });
  const base = Date.now() / 1000 - 3600;
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(4, '0');
    const id = `K-${Math.floor(i / 3)}`;
    const messageId = `<mixed-${n}@agency.test>`;
    let raw: Buffer;
    if (i % 7 === 3) raw = eml({ messageId, subject: `Newsletter ${n}`, body: `news ${n}` });
    else if (i % 13 === 5)
      raw = eml({ messageId, auth: `R-${n}`, review: 'needs a person', body: `review ${n}` });
    else if (i % 3 === 1) raw = eml({ messageId, auth: id, kind: 'amendment', body: `amend ${n}` });
    else if (i % 11 === 0)
      raw = eml({ messageId, auth: `F-${n}`, action: 'retry-1', body: `flaky ${n}` });
    else raw = eml({ messageId, auth: `${id}-${n}`, body: `auth ${n}` });
    const path = join(inboxDir, `${n}.eml`);
    writeFileSync(path, raw);
    // Distinct arrival times, in name order.
    utimesSync(path, base + i, base + i);
  }
}

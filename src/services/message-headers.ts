// Reads the few headers the store indexes (Message-ID, Subject, From, Date) straight from the
// raw bytes, without a MIME parser: cheap enough to run inside `accept`, and it never throws.
// Extraction later replaces Subject/From with properly decoded values.
import type { HeaderSummary } from '../adapters/sqlite/message.repository.js';

const MAX_HEADER_BYTES = 64 * 1024;

export function readHeaderSummary(raw: Buffer): HeaderSummary {
  const head = raw.subarray(0, MAX_HEADER_BYTES).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, ' ');
  const fields = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const m = /^([!-9;-~]+):[ \t]*(.*)$/.exec(line);
    if (!m) continue;
    const name = (m[1] as string).toLowerCase();
    if (!fields.has(name)) fields.set(name, (m[2] as string).trim());
  }
  const clip = (v: string | undefined): string | null => (v ? v.slice(0, 998) : null);
  const id =
    /<[^<>\s]+>/.exec(fields.get('message-id') ?? '')?.[0] ?? clip(fields.get('message-id'));
  return {
    messageId: id,
    subject: clip(fields.get('subject')),
    from: clip(fields.get('from')),
    date: clip(fields.get('date')),
  };
}

// Raw bytes (already through raw-guards) → the parts the reader needs, with headers kept as
// written so dates keep their offsets. Well-formed mail takes the fast synchronous path;
// anything else goes to mailparser (its own text/HTML conversions off: we do ours, once).
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { Mailbox } from '../../core/readable-email.js';
import { parseMimeFast } from './fast-mime.js';

export interface MimeAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  content: Buffer;
}

export interface ParsedMime {
  subject: string;
  from: Mailbox | null;
  to: Mailbox[];
  /** The Date: header as written (not normalised), or null. */
  dateHeader: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  text: string | null;
  html: string | null;
  attachments: MimeAttachment[];
  /** Problems met while decoding (unknown charsets …). */
  warnings: string[];
  /** Which parser read it: 'fast' or 'mailparser'. */
  parser: 'fast' | 'mailparser';
}

const OPTIONS = {
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  keepCidLinks: true,
} as const;

function mailboxes(value: AddressObject | AddressObject[] | undefined): Mailbox[] {
  if (!value) return [];
  const out: Mailbox[] = [];
  for (const obj of Array.isArray(value) ? value : [value]) {
    for (const a of obj.value ?? []) {
      const members = a.group ?? [a];
      for (const m of members) {
        const address = m.address ? m.address.toLowerCase() : null;
        if (!address && !m.name) continue;
        out.push({ name: m.name ? m.name.trim() || null : null, address });
      }
    }
  }
  return out;
}

function rawHeader(mail: ParsedMail, key: string): string | null {
  const line = mail.headerLines?.find((h) => h.key === key)?.line;
  if (!line) return null;
  const colon = line.indexOf(':');
  return (
    line
      .slice(colon + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim() || null
  );
}

function firstId(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0].trim() || null;
  return null;
}

export async function parseMime(
  raw: Buffer,
  opts: { forceMailparser?: boolean } = {},
): Promise<ParsedMime> {
  if (!opts.forceMailparser) {
    const fast = parseMimeFast(raw);
    if (fast) return { ...fast.mail, warnings: fast.charsetWarnings, parser: 'fast' };
  }
  const mail = await simpleParser(raw, OPTIONS);
  return {
    subject: (mail.subject ?? '').replace(/\s+/g, ' ').trim(),
    from: mailboxes(mail.from)[0] ?? null,
    to: mailboxes(mail.to),
    dateHeader: rawHeader(mail, 'date'),
    messageId: firstId(mail.messageId),
    inReplyTo: firstId(mail.inReplyTo),
    text: typeof mail.text === 'string' && mail.text !== '' ? mail.text : null,
    html: typeof mail.html === 'string' && mail.html !== '' ? mail.html : null,
    attachments: (mail.attachments ?? []).map((a) => ({
      filename: a.filename ?? null,
      contentType: (a.contentType ?? 'application/octet-stream').toLowerCase(),
      size: a.size ?? a.content?.length ?? 0,
      content: a.content ?? Buffer.alloc(0),
    })),
    warnings: [],
    parser: 'mailparser',
  };
}

// The only caller of mailparser: raw bytes (already through raw-guards) → the parts the reader
// needs, with headers kept as written so dates keep their offsets. mailparser's own text/HTML
// conversions are switched off: we do our own, once.
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { Mailbox } from '../../core/readable-email.js';

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

export async function parseMime(raw: Buffer): Promise<ParsedMime> {
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
  };
}

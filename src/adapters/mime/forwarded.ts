// Reads a forwarded message's header block (`From:` / `Date:` or `Sent:` / `Subject:`, in any
// order, as Gmail, Outlook, Apple Mail and Thunderbird print it) into the original sender,
// date and subject. The innermost forward wins: it is the message as the agency sent it.
import type { ForwardedOriginal } from '../../core/readable-email.js';
import { parseLooseDate } from './loose-date.js';
import { parseMailbox } from './mailbox.js';
import { headerKind, isWroteLineAt } from './thread-markers.js';

const WINDOW = 14;

/** Reads the header block that follows (or starts at) the marker line `start`. */
export function readForwardedHeader(
  lines: readonly string[],
  start: number,
): ForwardedOriginal | null {
  let from: string | null = null;
  let date: string | null = null;
  let subject: string | null = null;
  let seen = 0;
  let last: 'from' | 'date' | 'subject' | 'to' | null = null;
  const wrote = isWroteLineAt(lines, start) ? wroteLine(lines, start) : null;
  for (let i = start; i < Math.min(lines.length, start + WINDOW); i++) {
    const line = lines[i] as string;
    if (line.trim() === '') {
      if (seen > 0) break;
      continue;
    }
    const h = headerKind(line);
    if (!h) {
      // A wrapped `From:` value (`Name` / `<addr>` on the next line).
      if (last === 'from' && from !== null && !from.includes('@') && /@/.test(line))
        from += ' ' + line.trim();
      else if (seen > 0 && i > start) last = null;
      continue;
    }
    seen++;
    last = h.kind;
    if (h.kind === 'from' && from === null) from = h.value;
    else if (h.kind === 'date' && date === null) date = h.value;
    else if (h.kind === 'subject' && subject === null) subject = h.value;
  }
  if (from === null && wrote) return wrote;
  if (from === null && date === null) return null;
  return {
    from: from ? parseMailbox(from) : null,
    date: date ? parseLooseDate(date) : null,
    subject: subject || null,
  };
}

/** `On <date> <Name> <addr> wrote:` read as a header (forwarded threads quote this way). */
function wroteLine(lines: readonly string[], start: number): ForwardedOriginal | null {
  const joined = lines
    .slice(start, start + 3)
    .join(' ')
    .replace(/\s+/g, ' ');
  const before = (joined.split(WROTE_WORD)[0] ?? '').replace(/^\s*\S+\s+/, '');
  const addr = /<?[^\s<>]+@[^\s<>]+>?/.exec(before);
  const head = addr ? before.slice(0, addr.index) : before;
  // The date ends at its last time or year; the sender's name follows it.
  const split = /^(.*(?:\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]\.?M\.?)?|\b\d{4}))\s*,?\s*(.*)$/i.exec(
    head,
  );
  const date = split ? parseLooseDate(split[1] as string) : null;
  const name = split ? (split[2] as string) : head;
  const from = parseMailbox(`${name} ${addr ? addr[0] : ''}`);
  if (!from && !date) return null;
  return { from, date, subject: null };
}

const WROTE_WORD =
  /\s(?:wrote|schrieb|a [ée]crit|escribi[óo]|ha scritto|schreef|skrev|napisa[łl]|escreveu|kirjoitti)\s*:/i;

/** The innermost forwarded header among the given starts that names a sender. */
export function readInnermostForward(
  lines: readonly string[],
  starts: readonly number[],
): ForwardedOriginal | null {
  let found: ForwardedOriginal | null = null;
  for (const s of starts) {
    const o = readForwardedHeader(lines, s);
    if (o && (o.from || !found)) found = o;
  }
  return found;
}

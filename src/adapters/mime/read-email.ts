// Raw RFC 5322 bytes → ReadableEmail: every text view worth reading (plain, HTML as text, PDF
// text, attached messages), reply quotes set apart, forwards recognised and their original
// sender/date read. Never throws: whatever goes wrong becomes a warning on the result.
//
// Conventions the field readers can rely on:
// - views: plain, html, pdf…, attached-message… (both plain and html when both exist); text is
//   `\n`-separated, lines right-trimmed, at most one blank line in a row in HTML text.
// - HTML tables: a two-cell row → `label: value` (trailing colon of the label dropped, a
//   multi-line value joined with `, `); a header row (`<th>`, `<thead>` or all-bold cells)
//   over data rows → `header: cell` per non-empty cell, one blank line between records (for
//   ≥ 3 columns or a single data row); other rows of short cells → `a | b | c`; layout cells
//   stay blocks. Blockquotes → `> ` per level.
// - PDF: one line per baseline; a wide gap → ` | ` (kept as a space after a `Label:`); a line
//   of exactly two colon-less columns → `Left: Right`; pages separated by a blank line.
// - quoted: for a reply (or a mail with `>` lines) the lines from the first `On … wrote:`,
//   Outlook header block or `-----Original Message-----` onward, plus every `>` line, in order.
//   For a forward, quoted is '' and the forwarded block stays in text without `>` prefixes.
// - dates (date, original.date): ISO with the offset as written (`Z` for GMT/UTC), or without
//   any offset when the source named no zone (sender's wall-clock time). Addresses lowercased.
// - original: the innermost forwarded header that names a sender; else the attached message.
import type { ForwardedOriginal, ReadableEmail, TextView } from '../../core/readable-email.js';
import { pdfText, PDF_DEFAULTS } from '../pdf/pdf-text.js';
import { readInnermostForward } from './forwarded.js';
import { exceedsNesting, stripTags } from './html-depth.js';
import { htmlToText } from './html-to-text.js';
import { parseLooseDate } from './loose-date.js';
import { parseMime, type MimeAttachment, type ParsedMime } from './parse-mime.js';
import { splitQuoted } from './quoted-reply.js';
import { guardRaw } from './raw-guards.js';
import { subjectThreadKind, type ThreadKind } from './thread-markers.js';

export interface ReadEmailOptions {
  maxPdfPages?: number;
  maxPdfBytes?: number;
  pdfTimeoutMs?: number;
}

/** Attached messages are read this many levels deep at most. */
const MAX_DEPTH = 3;
const MAX_TEXT_CHARS = 2_000_000;
const MAX_HTML_CHARS = 2_000_000;
/** Deeper HTML is read flat (tags stripped) rather than as a tree. */
const MAX_HTML_DEPTH = 400;
/** PDFs and attached messages read per email at most. */
const MAX_PDFS = 5;
const MAX_ATTACHED_MESSAGES = 5;

interface ViewResult {
  view: TextView;
  forwardStarts: number[];
}

export async function readEmail(raw: Buffer, opts: ReadEmailOptions = {}): Promise<ReadableEmail> {
  try {
    const input = toBuffer(raw as unknown);
    return await readAt(input, opts, 0);
  } catch (err) {
    return { ...emptyEmail(), warnings: [`email could not be read: ${describe(err)}`] };
  }
}

async function readAt(raw: Buffer, opts: ReadEmailOptions, depth: number): Promise<ReadableEmail> {
  const warnings: string[] = [];
  const guarded = guardRaw(raw);
  warnings.push(...guarded.warnings);
  let mime: ParsedMime;
  try {
    mime = await parseMime(guarded.raw);
    warnings.push(...mime.warnings);
  } catch (err) {
    warnings.push(`MIME structure could not be parsed: ${describe(err)}`);
    mime = {
      subject: '',
      from: null,
      to: [],
      dateHeader: null,
      messageId: null,
      inReplyTo: null,
      text: null,
      html: null,
      attachments: [],
      warnings: [],
      parser: 'mailparser',
    };
  }
  const subjectKind = subjectThreadKind(mime.subject);
  const threadKind: ThreadKind = subjectKind ?? (mime.inReplyTo ? 'reply' : null);

  const results: ViewResult[] = [];
  if (mime.text)
    results.push(makeView('plain', cleanText(mime.text, 'plain', warnings), threadKind, null));
  if (mime.html) {
    if (mime.html.length > MAX_HTML_CHARS)
      warnings.push(`HTML body over ${MAX_HTML_CHARS} characters: the rest was not read`);
    const html = mime.html.slice(0, MAX_HTML_CHARS);
    let text: string;
    if (exceedsNesting(html, MAX_HTML_DEPTH)) {
      warnings.push(
        `HTML nested deeper than ${MAX_HTML_DEPTH} elements: read without its structure`,
      );
      text = stripTags(html);
    } else text = htmlToText(html);
    results.push(makeView('html', cleanText(text, 'html', warnings), threadKind, null));
  }

  let original: ForwardedOriginal | null = null;
  for (const r of results) {
    if (r.forwardStarts.length === 0) continue;
    const found = readInnermostForward(r.view.text.split('\n'), r.forwardStarts);
    if (found && (found.from || !original)) original = found;
    if (original?.from) break;
  }

  const extra = await readAttachments(mime.attachments, opts, depth, warnings);
  if (!original?.from && extra.attachedOriginal) original = extra.attachedOriginal;

  const isForward =
    subjectKind === 'forward' ||
    results.some((r) => r.forwardStarts.length > 0) ||
    extra.attachedOriginal !== null;
  const date = mime.dateHeader ? parseLooseDate(mime.dateHeader) : null;
  if (mime.dateHeader && !date) warnings.push('Date header could not be read');

  return {
    messageId: mime.messageId,
    subject: mime.subject,
    from: mime.from,
    to: mime.to,
    date,
    inReplyTo: mime.inReplyTo,
    isReply: subjectKind === 'reply' || mime.inReplyTo !== null,
    isForward,
    original: isForward ? original : null,
    views: [...results.map((r) => r.view), ...extra.views],
    attachments: mime.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
    })),
    warnings,
  };
}

function makeView(
  kind: TextView['kind'],
  text: string,
  threadKind: ThreadKind,
  filename: string | null,
): ViewResult {
  const split = splitQuoted(text, threadKind);
  return {
    view: { kind, text: split.text, quoted: split.quoted, filename },
    forwardStarts: split.forwardStarts,
  };
}

async function readAttachments(
  attachments: MimeAttachment[],
  opts: ReadEmailOptions,
  depth: number,
  warnings: string[],
): Promise<{ views: TextView[]; attachedOriginal: ForwardedOriginal | null }> {
  const pdfViews: TextView[] = [];
  const messageViews: TextView[] = [];
  let attachedOriginal: ForwardedOriginal | null = null;
  let pdfs = 0;
  let messages = 0;
  for (const a of attachments) {
    if (isPdf(a)) {
      if (++pdfs > MAX_PDFS) {
        warnings.push(`more than ${MAX_PDFS} PDF attachments: ${a.filename ?? 'a PDF'} not read`);
        continue;
      }
      const res = await pdfText(a.content, {
        maxPages: opts.maxPdfPages ?? PDF_DEFAULTS.maxPages,
        maxBytes: opts.maxPdfBytes ?? PDF_DEFAULTS.maxBytes,
        timeoutMs: opts.pdfTimeoutMs ?? PDF_DEFAULTS.timeoutMs,
      });
      warnings.push(...res.warnings.map((w) => `${a.filename ?? 'PDF'}: ${w}`));
      if (res.text.trim())
        pdfViews.push({
          kind: 'pdf',
          text: cleanText(res.text, 'pdf', warnings),
          quoted: '',
          filename: a.filename,
        });
      continue;
    }
    if (a.contentType === 'message/rfc822' || a.contentType === 'message/global') {
      if (depth + 1 > MAX_DEPTH || ++messages > MAX_ATTACHED_MESSAGES) {
        warnings.push(
          `attached message ${a.filename ?? ''} not read (too deep or too many)`.replace('  ', ' '),
        );
        continue;
      }
      const inner = await readAt(a.content, opts, depth + 1);
      warnings.push(...inner.warnings.map((w) => `attached message: ${w}`));
      const body = inner.views.find((v) => v.kind === 'plain' || v.kind === 'html') ?? null;
      messageViews.push({
        kind: 'attached-message',
        text: [headerBlock(inner), body?.text ?? ''].filter(Boolean).join('\n\n'),
        quoted: body?.quoted ?? '',
        filename: a.filename,
      });
      // The attached message's own attachments (a PDF inside a forwarded .eml) count too.
      for (const v of inner.views)
        if (v.kind !== 'plain' && v.kind !== 'html')
          (v.kind === 'pdf' ? pdfViews : messageViews).push(v);
      attachedOriginal ??= inner.original?.from
        ? inner.original
        : { from: inner.from, date: inner.date, subject: inner.subject || null };
    }
  }
  return { views: [...pdfViews, ...messageViews], attachedOriginal };
}

function headerBlock(mail: ReadableEmail): string {
  const lines: string[] = [];
  if (mail.from) {
    const { name, address } = mail.from;
    lines.push(`From: ${name && address ? `${name} <${address}>` : (name ?? address ?? '')}`);
  }
  if (mail.date) lines.push(`Date: ${mail.date}`);
  if (mail.subject) lines.push(`Subject: ${mail.subject}`);
  return lines.join('\n');
}

function isPdf(a: MimeAttachment): boolean {
  if (a.contentType === 'application/pdf' || a.contentType === 'application/x-pdf') return true;
  if (a.filename && /\.pdf$/i.test(a.filename)) return true;
  return (
    a.contentType === 'application/octet-stream' && a.content.subarray(0, 1024).includes('%PDF-')
  );
}

/** Line endings to `\n`, trailing spaces and NULs dropped, size capped, mojibake noted. */
function cleanText(text: string, kind: string, warnings: string[]): string {
  let t = text;
  if (t.length > MAX_TEXT_CHARS) {
    t = t.slice(0, MAX_TEXT_CHARS);
    warnings.push(`${kind} text over ${MAX_TEXT_CHARS} characters: the rest was not read`);
  }
  // Per-line trimEnd, not a `[ \t]+$` regex: that one is quadratic on long runs of spaces.
  t = t
    .replace(/\r\n?/g, '\n')
    .replace(/\0/g, '')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
  if (t.includes('\ufffd')) warnings.push(`${kind} text has bytes that do not match its charset`);
  return t;
}

/** Callers should pass a Buffer; a Uint8Array or string from a careless one is tolerated. */
function toBuffer(raw: unknown): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  if (raw instanceof Uint8Array) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  return Buffer.from(String(raw ?? ''), 'utf8');
}

function describe(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.slice(0, 200);
}

function emptyEmail(): ReadableEmail {
  return {
    messageId: null,
    subject: '',
    from: null,
    to: [],
    date: null,
    inReplyTo: null,
    isReply: false,
    isForward: false,
    original: null,
    views: [],
    attachments: [],
    warnings: [],
  };
}

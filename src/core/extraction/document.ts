// The email as the readers see it: every fresh line of every text view (quoted reply text
// left out), each with its label cells and the zone it sits in — body, a forwarded header
// block ("From: … Date: … Subject:"), or the sender's signature. Built once per email.
import type { Mailbox, ReadableEmail, TextViewKind } from '../readable-email.js';
import { normalizeLabel, readLabelCells, type LabelCell } from './labels.js';
import { ymdInZone, type YMD } from './dates.js';
import { cleanText, collapseSpaces } from './text.js';
import { senderRuleFor, type ExtractionRules, type SenderRule } from './rules.types.js';

export type Zone = 'body' | 'header' | 'signature';

export interface DocLine {
  text: string;
  view: TextViewKind;
  viewIndex: number;
  /** Index of the line inside its view. */
  lineNo: number;
  zone: Zone;
  cells: LabelCell[];
}

export interface EmailDoc {
  email: ReadableEmail;
  subject: string;
  /** Subject without Re:/Fwd: prefixes. */
  subjectCore: string;
  lines: DocLine[];
  /** Fresh text of every view, joined: what classification reads. */
  freshText: string;
  quotedText: string;
  /** The date a yearless date is placed near: the original's Date for a forward. */
  refDate: YMD | null;
  /** The agency's address: the original sender for a forward. */
  sender: Mailbox | null;
  senderRule: SenderRule | null;
  timeZone: string;
  rules: ExtractionRules;
}

const MAX_LINES_PER_VIEW = 4000;
const MAX_LINE_CHARS = 2000;

const FORWARD_MARKER =
  /^[\s>]*(-{2,}\s*(forwarded message|original message|mensaje reenviado|message transféré)\s*-{2,}|begin forwarded message:?|-{5,}\s*original\s+message\s*-{5,})\s*$/i;
const HEADER_LINE = /^\s*\*?(from|sent|date|to|cc|bcc|subject|reply-to)\*?\s*:/i;
const SIGN_OFF =
  /^\s*(thanks?( you)?( so much| again)?|many thanks|best( regards| wishes)?|regards|kind regards|warm regards|warmly|sincerely( yours)?|respectfully|cheers|take care|thank you for your (help|service)|--)\s*[,!.-]?\s*$/i;

export function buildDocument(
  email: ReadableEmail,
  rules: ExtractionRules,
  timeZone: string,
): EmailDoc {
  const sender = email.original?.from?.address ? email.original.from : email.from;
  const senderRule = senderRuleFor(rules, sender?.address ?? null);
  const zone = senderRule?.timeZone ?? timeZone;
  const lines: DocLine[] = [];
  const fresh: string[] = [];
  const quoted: string[] = [];
  email.views.forEach((view, viewIndex) => {
    const raw = dropQuotedLines(view.text ?? '', email.isReply && !email.isForward)
      .split(/\r?\n/)
      .slice(0, MAX_LINES_PER_VIEW)
      .map((l) => cleanText(l.length > MAX_LINE_CHARS ? l.slice(0, MAX_LINE_CHARS) : l));
    const zones = assignZones(raw);
    const cells = readLabelCells(raw);
    addBareLabels(raw, cells, rules);
    raw.forEach((text, lineNo) => {
      if (!text.trim()) return;
      lines.push({
        text,
        view: view.kind,
        viewIndex,
        lineNo,
        zone: zones[lineNo] ?? 'body',
        cells: zones[lineNo] === 'header' ? [] : (cells[lineNo] ?? []),
      });
    });
    fresh.push(raw.filter((_, i) => zones[i] !== 'header').join('\n'));
    if (view.quoted) quoted.push(view.quoted);
  });
  const subject = collapseSpaces(cleanText(email.subject ?? ''));
  return {
    email,
    subject,
    subjectCore: subject.replace(/^((re|fwd?|fw|aw|sv|vs|wg|tr|r)\s*(\[\d+\])?\s*:\s*)+/i, ''),
    lines,
    freshText: fresh.join('\n\n'),
    quotedText: quoted.join('\n'),
    refDate: ymdInZone(email.original?.date ?? email.date, zone),
    sender,
    senderRule,
    timeZone: zone,
    rules,
  };
}

const aliasCache = new WeakMap<ExtractionRules, Set<string>>();

function allAliases(rules: ExtractionRules): Set<string> {
  let set = aliasCache.get(rules);
  if (!set) {
    set = new Set(Object.values(rules.labels).flat().map(normalizeLabel));
    aliasCache.set(rules, set);
  }
  return set;
}

/**
 * A label alone on its line with the value on the next (<dt>/<dd> lists, PDF forms):
 * "Service Location" / "12 Linden St". Only known field labels, so prose is never split.
 */
function addBareLabels(lines: string[], cells: LabelCell[][], rules: ExtractionRules): void {
  const aliases = allAliases(rules);
  for (let i = 0; i < lines.length - 1; i++) {
    const line = (lines[i] ?? '').trim();
    if (!line || cells[i]?.length || line.split(/\s+/).length > 5 || /[.,;]$/.test(line)) continue;
    const norm = normalizeLabel(line.replace(/:$/, ''));
    if (!aliases.has(norm) || norm.split(' ').length < 1) continue;
    const next = (lines[i + 1] ?? '').trim();
    if (!next || cells[i + 1]?.length || aliases.has(normalizeLabel(next))) continue;
    cells[i]?.push({ label: line, norm, value: next, column: 0, valueOnNextLine: true });
  }
}

/**
 * The MIME layer already sets quoted text apart; this is a second guard for replies whose
 * quoting it did not recognise: `>` lines and everything after an "On … wrote:" line.
 */
function dropQuotedLines(text: string, isReply: boolean): string {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*>/.test(line)) continue;
    if (isReply && /^\s*on\b.{4,200}\bwrote:\s*$/i.test(line)) break;
    out.push(line);
  }
  return out.join('\n');
}

/** Forwarded header blocks and the trailing signature of each part. */
function assignZones(lines: string[]): Zone[] {
  const zones: Zone[] = lines.map(() => 'body');
  // Header blocks: a forward marker and/or a run of From:/Date:/Subject: lines.
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (FORWARD_MARKER.test(line)) {
      zones[i] = 'header';
      continue;
    }
    if (!HEADER_LINE.test(line)) continue;
    let j = i;
    let count = 0;
    let hasFrom = false;
    while (j < lines.length && (HEADER_LINE.test(lines[j] ?? '') || !lines[j]?.trim())) {
      if (HEADER_LINE.test(lines[j] ?? '')) {
        count++;
        if (/^\s*\*?(from)\*?\s*:/i.test(lines[j] ?? '')) hasFrom = true;
      }
      j++;
      if (!lines[j - 1]?.trim() && count > 0) break;
    }
    if (count >= 2 && hasFrom) {
      for (let k = i; k < j; k++) zones[k] = 'header';
      i = j - 1;
    }
  }
  // Signatures: from the last sign-off of each part (parts end at a header block) to its end.
  let partEnd = lines.length;
  for (let i = lines.length - 1; i >= -1; i--) {
    if (i === -1 || zones[i] === 'header') {
      markSignature(lines, zones, i + 1, partEnd);
      partEnd = i;
    }
  }
  return zones;
}

function markSignature(lines: string[], zones: Zone[], from: number, to: number): void {
  let start = -1;
  for (let i = to - 1; i >= from; i--) {
    if (SIGN_OFF.test(lines[i] ?? '')) {
      start = i;
      break;
    }
  }
  if (start === -1) {
    // No sign-off: the last block (after the last blank line) when it is short and has no
    // label lines, which is how agency footers look.
    let i = to - 1;
    while (i >= from && !lines[i]?.trim()) i--;
    let j = i;
    while (j >= from && lines[j]?.trim()) j--;
    const block = lines.slice(j + 1, i + 1);
    // The block must follow some body and look like a footer (short lines), or a one-line
    // note would be taken for its own signature.
    if (block.length === 0 || block.length > 5 || j + 1 <= from) return;
    if (block.some((l) => l.trim().length > 80)) return;
    if (!lines.slice(from, j + 1).some((l) => l.trim())) return;
    if (block.some((l) => /^[^:]{1,40}:\s*\S/.test(l) && !/^https?:/i.test(l))) return;
    start = j + 1;
  }
  // Only short trailing blocks count: a "Thanks!" in the middle of a long body does not.
  if (to - start > 12) return;
  for (let k = start; k < to; k++) if (zones[k] === 'body') zones[k] = 'signature';
}

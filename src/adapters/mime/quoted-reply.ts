// Sets a reply's quoted part apart from its new text: `On … wrote:` blocks, `>` lines,
// Outlook header blocks of a reply and `-----Original Message-----` in a reply. A forward's
// block is kept in the text (it is the information), with its `> ` prefixes removed.
import { isQuotedLine, isWroteLineAt, markerAt, type ThreadKind } from './thread-markers.js';

export interface QuoteSplit {
  /** New text (for a forward: everything, the forwarded block included). */
  text: string;
  /** The quoted reply part, lines in their original order; '' when none. */
  quoted: string;
  /** Line index (in `text`) where each forwarded block starts, outermost first. */
  forwardStarts: number[];
}

/**
 * Where the thread history starts and what it is. `kind` comes from the subject prefix (or
 * In-Reply-To); it settles markers that mean either (`-----Original Message-----`, Outlook
 * header blocks): a forward's in a `Fwd:` or prefix-less mail, a reply's in a `Re:` mail.
 */
export function findThreadStart(
  lines: readonly string[],
  kind: ThreadKind,
): { at: number; type: 'forward' | 'reply' } | null {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    if (isQuotedLine(line) && kind !== 'forward') {
      // Apple Mail quotes the whole forward (`> Begin forwarded message:`); in a reply, a
      // quoted forward is only history.
      if (kind === null && markerAt(lines, i) === 'forward') return { at: i, type: 'forward' };
      continue;
    }
    if (isWroteLineAt(lines, i)) return { at: i, type: kind === 'forward' ? 'forward' : 'reply' };
    const marker = markerAt(lines, i);
    if (!marker) continue;
    if (marker === 'forward') return { at: i, type: 'forward' };
    return { at: i, type: kind === 'reply' ? 'reply' : 'forward' };
  }
  return null;
}

export function splitQuoted(text: string, kind: ThreadKind): QuoteSplit {
  const lines = text.split('\n');
  const start = findThreadStart(lines, kind);
  if (start?.type === 'forward' || (kind === 'forward' && !start)) {
    return keepForward(lines, start?.at ?? 0, kind);
  }
  const cut = start ? start.at : lines.length;
  const kept: string[] = [];
  const quoted: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (i >= cut || isQuotedLine(line)) quoted.push(line);
    else kept.push(line);
  }
  return {
    text: trimBlank(kept).join('\n'),
    quoted: trimBlank(quoted).join('\n'),
    forwardStarts: [],
  };
}

/** A forward keeps every line; `>` prefixes after the first marker are removed. */
function keepForward(lines: string[], from: number, kind: ThreadKind): QuoteSplit {
  const out = lines.map((l, i) => (i >= from ? l.replace(/^(\s*>)+\s?/, '') : l));
  const forwardStarts: number[] = [];
  for (let i = from; i < out.length; i++) {
    const m = markerAt(out, i);
    if (
      m === 'forward' ||
      m === 'original' ||
      m === 'underscore' ||
      (m === 'header-block' && kind !== 'reply')
    ) {
      // A header block right under a marker belongs to that marker.
      const prev = forwardStarts[forwardStarts.length - 1];
      if (prev === undefined || i - prev > 3 || m === 'forward' || m === 'original')
        forwardStarts.push(i);
    } else if (isWroteLineAt(out, i) && kind === 'forward') {
      forwardStarts.push(i);
    }
  }
  return {
    text: trimBlank(out).join('\n'),
    quoted: '',
    forwardStarts: shiftForTrim(out, forwardStarts),
  };
}

function trimBlank(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && (lines[a] as string).trim() === '') a++;
  while (b > a && (lines[b - 1] as string).trim() === '') b--;
  return lines.slice(a, b);
}

function shiftForTrim(lines: string[], idx: number[]): number[] {
  let a = 0;
  while (a < lines.length && (lines[a] as string).trim() === '') a++;
  return idx.map((i) => i - a);
}

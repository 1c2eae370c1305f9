// Turns an HTML body into text that keeps its line structure and its tables readable:
// a two-cell row becomes `label: value`, a `<th>` header row over data rows becomes
// `header: cell` lines per row, other rows join their cells with ` | `. One linear SAX pass.
import { Parser } from 'htmlparser2';
import { renderTable, type Cell, type Row } from './html-table.js';

/** Elements whose content is never text worth reading. */
const SKIPPED = new Set([
  'script',
  'style',
  'head',
  'title',
  'noscript',
  'template',
  'svg',
  'object',
]);
/** Elements that end a line before and after them. */
const BLOCK = new Set([
  'div',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'section',
  'article',
  'header',
  'footer',
  'address',
  'center',
  'form',
  'fieldset',
  'nav',
  'aside',
  'main',
  'figure',
  'figcaption',
  'caption',
  'tbody',
  'thead',
  'tfoot',
  'legend',
  'details',
  'summary',
  'option',
]);
/** Elements that also leave a blank line around them (paragraph breaks). */
const PARAGRAPH = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'pre']);
const BOLD = new Set(['b', 'strong', 'th']);
// Zero-width characters and soft hyphens that marketing templates sprinkle between letters.
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
const SPACES = /[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+/g;

/** A place text lands: the document, or the table cell currently open. */
interface Sink {
  lines: string[];
  cur: string;
  /** Blockquote depth when this sink opened; deeper quotes prefix `> `. */
  quoteBase: number;
}

interface TableState {
  rows: Row[];
  row: Cell[] | null;
  cell: { th: boolean; allBold: boolean | null; sink: Sink; boldBase: number } | null;
  inHead: boolean;
  quoteDepth: number;
  parentSink: Sink;
}

export interface HtmlToTextOptions {
  /** Characters of HTML read at most; the rest is dropped (the caller adds a warning). */
  maxChars?: number;
}

export function htmlToText(html: string, opts: HtmlToTextOptions = {}): string {
  const input =
    opts.maxChars !== undefined && html.length > opts.maxChars
      ? html.slice(0, opts.maxChars)
      : html;
  const doc: Sink = { lines: [], cur: '', quoteBase: 0 };
  let sink = doc;
  const tables: TableState[] = [];
  let skipDepth = 0;
  let preDepth = 0;
  let quoteDepth = 0;
  let boldDepth = 0;

  const flush = (): void => {
    const line = sink.cur.trim();
    sink.cur = '';
    if (!line) return;
    const depth = quoteDepth - sink.quoteBase;
    sink.lines.push(depth > 0 ? '> '.repeat(depth) + line : line);
  };
  const blank = (): void => {
    flush();
    if (sink.lines.length && sink.lines[sink.lines.length - 1] !== '') sink.lines.push('');
  };
  const append = (text: string): void => {
    if (preDepth > 0) {
      const parts = text.replace(INVISIBLE, '').split(/\r?\n/);
      parts.forEach((p, i) => {
        if (i > 0) flush();
        sink.cur += p.replace(SPACES, ' ');
      });
      return;
    }
    let clean = text.replace(INVISIBLE, '').replace(SPACES, ' ');
    // Text arrives in pieces (entities split it): a space never follows a space or starts a line.
    if (clean.startsWith(' ') && (sink.cur === '' || sink.cur.endsWith(' ')))
      clean = clean.slice(1);
    sink.cur += clean;
  };

  const closeCell = (t: TableState): void => {
    if (!t.cell) return;
    flush();
    const lines = t.cell.sink.lines.filter((l, i, a) => l !== '' || (i > 0 && i < a.length - 1));
    t.row?.push({ lines, header: t.cell.th || t.cell.allBold === true });
    t.cell = null;
    sink = t.parentSink;
  };
  const closeRow = (t: TableState): void => {
    closeCell(t);
    if (t.row) t.rows.push({ cells: t.row, inHead: t.inHead });
    t.row = null;
  };
  const closeTable = (): void => {
    const t = tables.pop();
    if (!t) return;
    closeRow(t);
    sink = t.parentSink;
    flush();
    const rendered = renderTable(t.rows);
    const depth = t.quoteDepth - sink.quoteBase;
    const prefix = depth > 0 ? '> '.repeat(depth) : '';
    for (const line of rendered) sink.lines.push(line === '' ? '' : prefix + line);
    if (rendered.length) blank();
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (skipDepth > 0 || SKIPPED.has(name)) {
          skipDepth++;
          return;
        }
        const table = tables[tables.length - 1];
        switch (name) {
          case 'br':
            flush();
            return;
          case 'table':
            flush();
            tables.push({
              rows: [],
              row: null,
              cell: null,
              inHead: false,
              quoteDepth,
              parentSink: sink,
            });
            return;
          case 'tr':
            if (table) {
              closeRow(table);
              table.row = [];
            }
            return;
          case 'td':
          case 'th':
            if (table) {
              if (!table.row) table.row = [];
              closeCell(table);
              const cellSink: Sink = { lines: [], cur: '', quoteBase: quoteDepth };
              const style = (attribs.style ?? '').toLowerCase();
              const boldStyle = /font-weight:\s*(bold|[6-9]00)/.test(style);
              table.cell = {
                th: name === 'th' || boldStyle,
                allBold: null,
                sink: cellSink,
                boldBase: boldDepth,
              };
              sink = cellSink;
            }
            if (name === 'th') boldDepth++;
            return;
          case 'thead':
            if (table) table.inHead = true;
            flush();
            return;
          case 'blockquote':
            flush();
            quoteDepth++;
            return;
          default:
            break;
        }
        if (BOLD.has(name)) boldDepth++;
        if (name === 'pre') preDepth++;
        if (PARAGRAPH.has(name)) blank();
        else if (BLOCK.has(name)) flush();
      },
      ontext(text) {
        if (skipDepth > 0) return;
        const cell = tables[tables.length - 1]?.cell;
        if (cell && cell.allBold !== false && /\S/.test(text)) {
          // A cell counts as a header when all its text is bold (`<td><b>Date</b></td>`).
          cell.allBold = boldDepth > cell.boldBase;
        }
        append(text);
      },
      onclosetag(name) {
        if (skipDepth > 0) {
          skipDepth--;
          return;
        }
        const table = tables[tables.length - 1];
        switch (name) {
          case 'table':
            closeTable();
            return;
          case 'tr':
            if (table) closeRow(table);
            return;
          case 'td':
          case 'th':
            if (name === 'th') boldDepth = Math.max(0, boldDepth - 1);
            if (table) closeCell(table);
            return;
          case 'thead':
            if (table) {
              closeRow(table);
              table.inHead = false;
            }
            return;
          case 'blockquote':
            flush();
            quoteDepth = Math.max(0, quoteDepth - 1);
            return;
          default:
            break;
        }
        if (BOLD.has(name)) boldDepth = Math.max(0, boldDepth - 1);
        if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
        if (PARAGRAPH.has(name)) blank();
        else if (BLOCK.has(name)) flush();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(input);
  parser.end();
  while (tables.length) closeTable();
  sink = doc;
  flush();
  return tidy(doc.lines);
}

/** Drops leading/trailing blank lines and runs of blank lines. */
function tidy(lines: string[]): string {
  const out: string[] = [];
  for (const line of lines) {
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

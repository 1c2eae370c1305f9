// The log view: newest first from GET /logs, filtered by level and event type, paginated.
import { api } from './api.js';
import { badge, el, emptyNote, pick, prettyJson, setChildren } from './dom.js';
import { formatShortTime, formatTime, listItems, listTotal } from './format.js';
import { errorBox } from './render.js';

const PAGE_SIZE = 100;
const LEVEL_KIND = { error: 'bad', warning: 'warn', warn: 'warn', info: 'info', debug: 'muted' };

export function createLogsView({ form, tableRoot, pagerRoot }) {
  let offset = 0;

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    offset = 0;
    void refresh();
  });

  async function refresh() {
    const data = new window.FormData(form);
    let body;
    try {
      body = await api.logs({
        level: data.get('level'),
        event_type: data.get('event_type'),
        limit: PAGE_SIZE,
        offset,
      });
    } catch (err) {
      if (err.status !== 401) setChildren(tableRoot, errorBox(err));
      return;
    }
    const items = listItems(body);
    if (items.length === 0) {
      setChildren(tableRoot, emptyNote('No log lines match.'));
    } else {
      const rows = items.map((l) => {
        const level = String(pick(l, 'level') ?? '').toLowerCase();
        let details = pick(l, 'details');
        if (typeof details === 'string') {
          try {
            details = JSON.parse(details);
          } catch {
            // Plain text details stay as they are.
          }
        }
        return el(
          'tr',
          {},
          el('td', {
            class: 'nowrap',
            text: formatShortTime(pick(l, 'timestamp', 'ts'), { seconds: true }),
            attrs: { title: formatTime(pick(l, 'timestamp', 'ts')) },
          }),
          el('td', {}, badge(level || '?', LEVEL_KIND[level] ?? 'muted')),
          el('td', { class: 'nowrap', text: pick(l, 'event_type', 'eventType') ?? '' }),
          el(
            'td',
            { class: 'wrap' },
            el('span', { text: pick(l, 'message') ?? '' }),
            details
              ? el(
                  'details',
                  {},
                  el('summary', { text: 'details' }),
                  el('pre', { text: prettyJson(details) }),
                )
              : null,
          ),
        );
      });
      setChildren(
        tableRoot,
        el(
          'div',
          { class: 'table-wrap' },
          el(
            'table',
            {},
            el(
              'thead',
              {},
              el(
                'tr',
                {},
                ...['Time', 'Level', 'Event', 'Message'].map((h) =>
                  el('th', { text: h, attrs: { scope: 'col' } }),
                ),
              ),
            ),
            el('tbody', {}, ...rows),
          ),
        ),
      );
    }
    const total = listTotal(body);
    const prev = el('button', {
      type: 'button',
      class: 'small',
      text: 'Newer',
      disabled: offset === 0,
    });
    const next = el('button', {
      type: 'button',
      class: 'small',
      text: 'Older',
      disabled: items.length < PAGE_SIZE,
    });
    prev.addEventListener('click', () => {
      offset = Math.max(0, offset - PAGE_SIZE);
      void refresh();
    });
    next.addEventListener('click', () => {
      offset += PAGE_SIZE;
      void refresh();
    });
    setChildren(
      pagerRoot,
      prev,
      el('span', {
        text: `${items.length ? offset + 1 : 0}–${offset + items.length}${total > items.length ? ` of ${total}` : ''}`,
      }),
      next,
    );
  }

  return { refresh };
}

// The authorizations view: filterable, paginated table (status, id, client, person, date,
// action states, links) and a detail pane for the selected row (fields with sources,
// actions with attempts and errors, the source email's summary).
import { api } from './api.js';
import { badge, el, emptyNote, setChildren } from './dom.js';
import { humanize, listItems, listTotal, statusKind } from './format.js';
import {
  actionBadges,
  actionsDetail,
  emailSummary,
  errorBox,
  fieldSources,
  fieldsTable,
  linkCells,
  summarize,
} from './render.js';

const PAGE_SIZE = 25;

/** The classifier's confidence, reasons and warnings, when the API gives them. */
function extractionNotes(a) {
  const x = a.extraction ?? {};
  const reasons = Array.isArray(x.reasons) ? x.reasons : [];
  const warnings = Array.isArray(x.warnings) ? x.warnings : [];
  if (!reasons.length && !warnings.length && typeof x.confidence !== 'number') return null;
  return el(
    'details',
    {},
    el('summary', {
      text: `How it was read${typeof x.confidence === 'number' ? ` (confidence ${Math.round(x.confidence * 100)}%)` : ''}`,
    }),
    reasons.length ? el('ul', {}, ...reasons.map((r) => el('li', { text: r }))) : null,
    warnings.length
      ? el('ul', { class: 'reasons' }, ...warnings.map((w) => el('li', { text: `Warning: ${w}` })))
      : null,
  );
}

export function createAuthorizationsView({ form, tableRoot, pagerRoot, detailRoot }) {
  let offset = 0;
  let selectedId = null;

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    offset = 0;
    void refresh();
  });

  function filters() {
    const data = new window.FormData(form);
    return {
      status: data.get('status'),
      client: data.get('client'),
      q: data.get('q'),
      date_from: data.get('date_from'),
      date_to: data.get('date_to'),
    };
  }

  async function refresh() {
    let body;
    try {
      body = await api.listAuthorizations({ ...filters(), limit: PAGE_SIZE, offset });
    } catch (err) {
      if (err.status !== 401) setChildren(tableRoot, errorBox(err));
      return;
    }
    const items = listItems(body);
    renderTable(items);
    renderPager(listTotal(body), items.length);
    if (selectedId !== null) void showDetail(selectedId);
  }

  function renderTable(items) {
    if (items.length === 0) {
      setChildren(tableRoot, emptyNote('No authorizations match.'));
      return;
    }
    const rows = items.map((a) => {
      const s = summarize(a);
      const open = () => {
        selectedId = s.id;
        for (const r of tableRoot.querySelectorAll('tr.selected')) r.classList.remove('selected');
        tr.classList.add('selected');
        void showDetail(s.id);
      };
      const opener = el('button', {
        type: 'button',
        class: 'link-button',
        text: s.number ?? `#${s.id}`,
        attrs: { 'aria-label': `Show details of authorization ${s.number ?? s.id}` },
      });
      const tr = el(
        'tr',
        {
          class: `selectable${s.id === selectedId ? ' selected' : ''}`,
          attrs: { 'data-authorization-id': s.id },
        },
        el('td', {}, badge(humanize(s.status), statusKind(s.status))),
        el('td', { class: 'wrap' }, opener),
        el('td', { class: 'wrap', text: s.client ?? '—' }),
        el('td', { class: 'wrap', text: s.person ?? '—' }),
        el('td', { text: s.date ?? '—' }),
        el('td', {}, el('div', { class: 'actions-cell' }, ...actionBadges(s.actions))),
        el('td', {}, el('div', { class: 'actions-cell' }, ...linkCells(s.links))),
      );
      // The button is the keyboard path; a click anywhere on the row (but a link) also opens.
      tr.addEventListener('click', (e) => {
        if (e.target.closest('a')) return;
        open();
      });
      return tr;
    });
    const head = ['Status', 'Authorization', 'Client', 'Person', 'Date', 'Actions', 'Links'];
    setChildren(
      tableRoot,
      el(
        'div',
        { class: 'table-wrap' },
        el(
          'table',
          { id: 'authorizations' },
          el(
            'thead',
            {},
            el('tr', {}, ...head.map((h) => el('th', { text: h, attrs: { scope: 'col' } }))),
          ),
          el('tbody', {}, ...rows),
        ),
      ),
    );
  }

  function renderPager(total, shown) {
    const prev = el('button', {
      type: 'button',
      class: 'small',
      text: 'Previous',
      disabled: offset === 0,
    });
    const next = el('button', {
      type: 'button',
      class: 'small',
      text: 'Next',
      disabled: offset + shown >= total,
    });
    prev.addEventListener('click', () => {
      offset = Math.max(0, offset - PAGE_SIZE);
      void refresh();
    });
    next.addEventListener('click', () => {
      offset += PAGE_SIZE;
      void refresh();
    });
    const range = shown ? `${offset + 1}–${offset + shown} of ${total}` : `0 of ${total}`;
    setChildren(pagerRoot, prev, el('span', { text: range }), next);
  }

  async function showDetail(id) {
    detailRoot.hidden = false;
    let a;
    try {
      a = await api.getAuthorization(id);
    } catch (err) {
      setChildren(detailRoot, errorBox(err));
      return;
    }
    const s = summarize(a);
    const close = el('button', { type: 'button', class: 'small', text: 'Close' });
    close.addEventListener('click', () => {
      selectedId = null;
      detailRoot.hidden = true;
      for (const r of tableRoot.querySelectorAll('tr.selected')) r.classList.remove('selected');
    });
    setChildren(
      detailRoot,
      el(
        'div',
        { class: 'card' },
        el(
          'div',
          { class: 'detail-head' },
          el('h3', { text: `Authorization ${s.number ?? ''} (#${s.id})` }),
          badge(humanize(s.status), statusKind(s.status)),
          s.kind ? badge(humanize(s.kind), 'muted') : null,
          ...linkCells(s.links, { placeholder: false }),
          close,
        ),
        s.reasons.length
          ? el('ul', { class: 'reasons' }, ...s.reasons.map((r) => el('li', { text: r })))
          : null,
        s.lastError ? el('p', { class: 'error', text: `Last error: ${s.lastError}` }) : null,
        el('h3', { text: 'Fields' }),
        fieldsTable(a.fields ?? a, fieldSources(a)),
        extractionNotes(a),
        el('h3', { text: 'Actions' }),
        actionsDetail(s.actions),
        el('h3', { text: 'Source email' }),
        emailSummary(a.email),
      ),
    );
  }

  return { refresh };
}

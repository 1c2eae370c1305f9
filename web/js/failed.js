// Failed authorizations: what failed and why, with a retry button that re-queues every failed
// action (POST /authorizations/{id}/retry).
import { api } from './api.js';
import { badge, el, emptyNote, pick, setChildren } from './dom.js';
import { humanize, listItems, statusKind } from './format.js';
import { actionBadges, errorBox, summarize } from './render.js';

export function createFailedView({ root, toast, onChanged }) {
  async function retry(id, button, errors) {
    button.disabled = true;
    setChildren(errors);
    try {
      const r = await api.retryAuthorization(id);
      toast((r && r.message) || `Authorization #${id} queued again`);
      onChanged();
    } catch (err) {
      setChildren(errors, errorBox(err));
    } finally {
      button.disabled = false;
    }
  }

  async function refresh() {
    let items;
    try {
      items = listItems(await api.listAuthorizations({ status: 'failed', limit: 100 }));
    } catch (err) {
      if (err.status !== 401) setChildren(root, errorBox(err));
      return;
    }
    if (items.length === 0) {
      setChildren(root, emptyNote('Nothing has failed.'));
      return;
    }
    setChildren(
      root,
      el(
        'div',
        { class: 'stack' },
        ...items.map((a) => {
          const s = summarize(a);
          const errors = el('div');
          const button = el('button', {
            type: 'button',
            class: 'primary',
            text: 'Retry',
            attrs: {
              'aria-label': `Retry authorization ${s.number ?? s.id}`,
              'data-authorization-id': s.id,
            },
          });
          button.addEventListener('click', () => void retry(s.id, button, errors));
          const failedActions = (s.actions ?? []).filter((x) => pick(x, 'status') === 'failed');
          return el(
            'div',
            { class: 'card' },
            el(
              'div',
              { class: 'detail-head' },
              el('h3', { text: `Authorization ${s.number ?? ''} (#${s.id})` }),
              badge(humanize(s.status), statusKind(s.status)),
              button,
            ),
            el('p', {
              class: 'muted',
              text: [s.client, s.person, s.date].filter(Boolean).join(' · '),
            }),
            el('div', { class: 'actions-cell' }, ...actionBadges(s.actions)),
            s.lastError ? el('p', { class: 'error', text: s.lastError }) : null,
            ...failedActions
              .filter((x) => pick(x, 'lastError', 'last_error'))
              .map((x) =>
                el('p', {
                  class: 'error',
                  text: `${humanize(pick(x, 'type'))}: ${pick(x, 'lastError', 'last_error')}`,
                }),
              ),
            errors,
          );
        }),
      ),
    );
  }

  return { refresh };
}

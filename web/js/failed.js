// Failed items: authorizations whose actions failed, with a retry button that re-queues every
// failed action (POST /authorizations/{id}/retry), and emails that could not be processed,
// with a reprocess button (POST /emails/{id}/reprocess).
import { api } from './api.js';
import { badge, el, emptyNote, pick, setChildren } from './dom.js';
import { formatTime, humanize, listItems, statusKind } from './format.js';
import { actionBadges, errorBox, summarize } from './render.js';

export function createFailedView({ root, emailsRoot, toast, onChanged }) {
  async function reprocess(id, button, errors) {
    button.disabled = true;
    setChildren(errors);
    try {
      const r = await api.reprocessEmail(id);
      toast((r && r.message) || `Email #${id} queued for reprocessing`);
      onChanged();
    } catch (err) {
      setChildren(errors, errorBox(err));
    } finally {
      button.disabled = false;
    }
  }

  async function refreshEmails() {
    let items;
    try {
      items = listItems(await api.listEmails({ outcome: 'failed', limit: 100 }));
    } catch (err) {
      if (err.status !== 401) setChildren(emailsRoot, errorBox(err));
      return;
    }
    if (items.length === 0) {
      setChildren(emailsRoot, emptyNote('Every email was read.'));
      return;
    }
    setChildren(
      emailsRoot,
      el(
        'div',
        { class: 'stack' },
        ...items.map((m) => {
          const id = pick(m, 'id');
          const errors = el('div');
          const button = el('button', {
            type: 'button',
            text: 'Reprocess',
            attrs: { 'aria-label': `Reprocess email ${id}` },
          });
          button.addEventListener('click', () => void reprocess(id, button, errors));
          return el(
            'div',
            { class: 'card' },
            el(
              'div',
              { class: 'detail-head' },
              el('h3', { text: pick(m, 'subject') ?? '(no subject)' }),
              button,
            ),
            el('p', {
              class: 'muted',
              text: `#${id} · ${pick(m, 'from') ?? 'unknown sender'} · ${formatTime(pick(m, 'receivedAt'))} · ${pick(m, 'attempts') ?? 0} attempt(s)`,
            }),
            pick(m, 'error') ? el('p', { class: 'error', text: pick(m, 'error') }) : null,
            errors,
          );
        }),
      ),
    );
  }

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
    void refreshEmails();
    let items;
    try {
      items = listItems(await api.listAuthorizations({ status: 'failed', limit: 100 }));
    } catch (err) {
      if (err.status !== 401) setChildren(root, errorBox(err));
      return;
    }
    if (items.length === 0) {
      setChildren(root, emptyNote('No authorization has failed actions.'));
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

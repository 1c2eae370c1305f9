// The live feed view: one line per event from the WebSocket (newest first, capped), and the
// table of recent emails, refreshed whenever an email event arrives. All text via textContent.
import { api, fetchRawEmail } from './api.js';
import { badge, el, emptyNote, pick, setChildren } from './dom.js';
import { formatShortTime, formatTime, humanize, listItems, statusKind } from './format.js';

const MAX_FEED_LINES = 200;

/** Headline, text and colour for one feed message; null for messages the feed does not show. */
export function describeEvent(msg) {
  const e = msg.event && typeof msg.event === 'object' ? { ...msg, ...msg.event } : msg;
  const subject = e.subject ?? '(no subject)';
  switch (e.type) {
    case 'email.received':
      return {
        what: 'Email received',
        text: `${subject} — from ${e.from ?? 'unknown sender'}`,
        kind: 'info',
      };
    case 'email.processed':
      return {
        what: 'Email processed',
        text: `#${e.emailId}: ${humanize(e.outcome)}${e.authorizationId ? ` → authorization #${e.authorizationId}` : ''}`,
        kind: statusKind(e.outcome),
      };
    case 'email.ignored':
      return { what: 'Not an authorization', text: `#${e.emailId}: ${subject}`, kind: 'muted' };
    case 'email.failed':
      return { what: 'Email failed', text: `#${e.emailId}: ${e.error ?? ''}`, kind: 'bad' };
    case 'action.succeeded':
      return {
        what: 'Action done',
        text: `${humanize(e.actionType)} for authorization #${e.authorizationId}`,
        kind: 'ok',
      };
    case 'action.failed':
      return {
        what: e.willRetry ? 'Action failed, will retry' : 'Action failed',
        text: `${humanize(e.actionType)} for authorization #${e.authorizationId}: ${e.error ?? ''}`,
        kind: 'bad',
      };
    case 'action.skipped':
      return {
        what: 'Action skipped',
        text: `${humanize(e.actionType)} for authorization #${e.authorizationId}`,
        kind: 'muted',
      };
    case 'review.needed':
      return {
        what: 'Needs review',
        text: `Authorization #${e.authorizationId}: ${(e.reasons ?? []).join('; ')}`,
        kind: 'warn',
      };
    case 'authorization.updated':
      return {
        what: 'Authorization updated',
        text: `#${e.authorizationId} is now ${humanize(e.status)}`,
        kind: statusKind(e.status),
      };
    case 'log':
      return {
        what: `Log ${e.level ?? ''}`.trim(),
        text: `${e.eventType ?? e.event_type ?? ''}: ${e.message ?? ''}`,
        kind: /err/i.test(e.level ?? '') ? 'bad' : 'warn',
      };
    default:
      return null;
  }
}

export function createFeedView({ list, emailsRoot, toast }) {
  function add(msg) {
    const d = describeEvent(msg);
    if (!d) return;
    if (list.firstElementChild && list.firstElementChild.classList.contains('empty-line')) {
      list.replaceChildren();
    }
    const li = el(
      'li',
      { class: `feed-${d.kind}`, attrs: { 'data-type': msg.type } },
      el('span', {
        class: 'when',
        text: formatShortTime(msg.ts ?? msg.timestamp ?? new Date().toISOString()),
      }),
      el('span', { class: 'what', text: d.what }),
      el('span', { class: 'text', text: d.text }),
    );
    list.prepend(li);
    while (list.children.length > MAX_FEED_LINES) list.lastElementChild.remove();
  }

  function showWaiting() {
    if (list.children.length === 0) {
      list.append(
        el('li', {
          class: 'empty-line feed-muted',
          text: 'Waiting for events… (what happens from now on appears here live)',
        }),
      );
    }
  }

  async function reprocess(id, button) {
    button.disabled = true;
    try {
      const r = await api.reprocessEmail(id);
      toast((r && r.message) || `Email #${id} queued for reprocessing`);
    } catch (err) {
      toast(err.message, true);
    } finally {
      button.disabled = false;
    }
  }

  async function download(id, button) {
    button.disabled = true;
    try {
      const blob = await fetchRawEmail(id);
      const href = URL.createObjectURL(blob);
      const a = el('a', { href, download: `email-${id}.eml` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 10000);
    } catch (err) {
      toast(err.message, true);
    } finally {
      button.disabled = false;
    }
  }

  async function refreshEmails() {
    let items;
    try {
      items = listItems(await api.listEmails({ limit: 25 }));
    } catch (err) {
      if (err.status !== 401)
        setChildren(emailsRoot, el('p', { class: 'error', text: err.message }));
      return;
    }
    if (items.length === 0) {
      setChildren(emailsRoot, emptyNote('No emails yet. New mail shows up here as it arrives.'));
      return;
    }
    const rows = items.map((m) => {
      const id = pick(m, 'id');
      const outcome = pick(m, 'outcome') ?? pick(m, 'state') ?? '';
      const authId = pick(m, 'authorizationId');
      const button = el('button', {
        type: 'button',
        class: 'small',
        text: 'Reprocess',
        attrs: { 'aria-label': `Reprocess email ${id}` },
      });
      button.addEventListener('click', () => reprocess(id, button));
      const raw =
        pick(m, 'rawAvailable') === false
          ? null
          : el('button', {
              type: 'button',
              class: 'small',
              text: '.eml',
              attrs: { 'aria-label': `Download email ${id}` },
            });
      raw?.addEventListener('click', () => download(id, raw));
      return el(
        'tr',
        { attrs: { 'data-email-id': id } },
        el('td', {
          class: 'nowrap',
          text: formatShortTime(pick(m, 'receivedAt', 'received_at', 'createdAt', 'created_at')),
          attrs: {
            title: formatTime(pick(m, 'receivedAt', 'received_at', 'createdAt', 'created_at')),
          },
        }),
        el('td', { class: 'wrap', text: pick(m, 'from', 'fromAddress', 'from_address') ?? '' }),
        el('td', { class: 'wrap subject', text: pick(m, 'subject') ?? '(no subject)' }),
        el(
          'td',
          {},
          badge(humanize(outcome), statusKind(outcome)),
          authId ? el('span', { class: 'muted', text: ` #${authId}` }) : null,
        ),
        el('td', {}, el('div', { class: 'actions-cell' }, button, raw)),
      );
    });
    setChildren(
      emailsRoot,
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
              ...['Received', 'From', 'Subject', 'Outcome', ''].map((h) =>
                el('th', { text: h, attrs: { scope: 'col' } }),
              ),
            ),
          ),
          el('tbody', {}, ...rows),
        ),
      ),
    );
  }

  return { add, refreshEmails, showWaiting };
}

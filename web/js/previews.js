// "Would have sent": the requests prepared for integrations that are not configured (preview)
// or held back by DRY_RUN, from GET /actions/previews, each as pretty JSON in a <pre>.
import { api } from './api.js';
import { badge, el, emptyNote, pick, prettyJson, setChildren } from './dom.js';
import { formatTime, humanize, listItems, listTotal } from './format.js';
import { errorBox } from './render.js';

const OPEN_FIRST = 2;

/** "POST https://…/api/v1/invoices" when the request says so, else a generic label. */
function describeRequest(request) {
  const method = pick(request ?? {}, 'method');
  const url = pick(request ?? {}, 'url', 'path');
  return method || url ? `${method ?? ''} ${url ?? ''}`.trim() : 'Request';
}

const PAGE_SIZE = 20;

export function createPreviewsView({ root }) {
  let offset = 0;

  function pager(total, shown) {
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
    return el(
      'div',
      { class: 'pager' },
      prev,
      el('span', { text: `${offset + 1}–${offset + shown} of ${total}` }),
      next,
    );
  }

  async function refresh() {
    let items;
    let total;
    try {
      const body = await api.previews({ limit: PAGE_SIZE, offset });
      items = listItems(body);
      total = listTotal(body);
    } catch (err) {
      if (err.status !== 401) setChildren(root, errorBox(err));
      return;
    }
    if (items.length === 0) {
      setChildren(root, emptyNote('No held-back requests. Every configured integration is live.'));
      return;
    }
    setChildren(
      root,
      el(
        'div',
        { class: 'stack' },
        ...items.map((p, index) => {
          const request = pick(p, 'request', 'requestJson', 'request_json') ?? p;
          const mode = pick(p, 'mode');
          const integration = pick(p, 'integration', 'system');
          const type = pick(p, 'type', 'actionType', 'action_type');
          return el(
            'div',
            { class: 'card' },
            el(
              'div',
              { class: 'detail-head' },
              el('h3', {
                text: `${humanize(type ?? integration ?? 'request')} — authorization ${pick(p, 'authorizationNumber') ?? ''} (#${pick(p, 'authorizationId', 'authorization_id') ?? '?'})`,
              }),
              pick(p, 'clientName') ? el('span', { text: pick(p, 'clientName') }) : null,
              integration && integration !== type ? badge(humanize(integration), 'muted') : null,
              mode ? badge(humanize(mode), 'info') : null,
              el('span', {
                class: 'muted',
                text: formatTime(pick(p, 'createdAt', 'created_at', 'updatedAt', 'updated_at')),
              }),
            ),
            pick(p, 'reason') ? el('p', { class: 'muted', text: pick(p, 'reason') }) : null,
            el(
              'details',
              { open: index < OPEN_FIRST },
              el('summary', { text: describeRequest(request) }),
              el('pre', { text: prettyJson(request) }),
            ),
          );
        }),
      ),
    );
    if (total > items.length || offset > 0) root.append(pager(total, items.length));
  }

  return { refresh };
}

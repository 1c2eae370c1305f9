// "Would have sent": the requests prepared for integrations that are not configured (preview)
// or held back by DRY_RUN, from GET /actions/previews, each as pretty JSON in a <pre>.
import { api } from './api.js';
import { badge, el, emptyNote, pick, prettyJson, setChildren } from './dom.js';
import { formatTime, humanize, listItems } from './format.js';
import { errorBox } from './render.js';

export function createPreviewsView({ root }) {
  async function refresh() {
    let items;
    try {
      items = listItems(await api.previews({ limit: 50 }));
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
        ...items.map((p) => {
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
            el('pre', { text: prettyJson(request) }),
          );
        }),
      ),
    );
  }

  return { refresh };
}

// The status bar: monitoring on/off with start/stop, "check mail now", last sync, the mail
// source, each integration's mode (live / preview / dry_run) and health, queue depths and
// today's counts. Renders a ServiceStatus (src/core/control.ts) from GET /status or the feed.
import { api } from './api.js';
import { badge, el, pick, setChildren } from './dom.js';
import { formatAgo, formatTime, humanize } from './format.js';

const INTEGRATION_LABEL = {
  invoiceninja: 'InvoiceNinja',
  google_calendar: 'Google Calendar',
  webhook: 'Webhook',
  geocoding: 'Geocoding',
};

export function createStatusBar(root, { toast, onStatus }) {
  let last = null;

  async function refresh() {
    try {
      render(await api.status());
    } catch (err) {
      if (err.status !== 401) toast(`Status: ${err.message}`, true);
    }
  }

  async function control(call, busyButton, doneText) {
    busyButton.disabled = true;
    try {
      const result = await call();
      toast((result && result.message) || doneText);
    } catch (err) {
      toast(err.message, true);
    } finally {
      busyButton.disabled = false;
      await refresh();
    }
  }

  function group(label, ...children) {
    return el(
      'div',
      { class: 'status-group' },
      el('span', { class: 'label', text: label }),
      el('div', { class: 'row' }, ...children),
    );
  }

  function render(status) {
    if (!status || typeof status !== 'object') return;
    last = status;
    const monitoring = Boolean(pick(status, 'monitoring'));
    const source = pick(status, 'source') ?? {};
    const queue = pick(status, 'queue') ?? {};
    const today = pick(status, 'today') ?? {};
    const integrations = pick(status, 'integrations') ?? [];

    const toggle = el('button', {
      type: 'button',
      class: monitoring ? '' : 'primary',
      text: monitoring ? 'Stop monitoring' : 'Start monitoring',
      id: 'toggle-monitoring',
    });
    toggle.addEventListener('click', () =>
      monitoring
        ? control(api.stopMonitoring, toggle, 'Monitoring stopped')
        : control(api.startMonitoring, toggle, 'Monitoring started'),
    );
    const poll = el('button', { type: 'button', text: 'Check mail now', id: 'poll-now' });
    poll.addEventListener('click', () => control(api.pollNow, poll, 'Mailbox checked'));

    const sourceError = pick(source, 'lastError', 'last_error');
    const lastSync = pick(
      status,
      'lastSuccessfulSyncAt',
      'last_successful_sync_at',
      'source.lastSuccessfulSyncAt',
    );
    const syncBadge = el('span', {
      text: formatAgo(lastSync),
      attrs: { title: formatTime(lastSync) },
    });

    setChildren(
      root,
      group(
        'Monitoring',
        badge(monitoring ? 'on' : 'off', monitoring ? 'ok' : 'warn'),
        toggle,
        poll,
      ),
      group('Last sync', syncBadge),
      group(
        'Source',
        el('span', { text: `${pick(source, 'kind') ?? '?'}: ${pick(source, 'target') ?? ''}` }),
        badge(
          pick(source, 'connected') ? 'connected' : 'disconnected',
          pick(source, 'connected') ? 'ok' : 'bad',
        ),
        sourceError ? el('span', { class: 'status-error', text: String(sourceError) }) : null,
      ),
      group(
        'Integrations',
        ...integrations.map((i) => {
          const mode = pick(i, 'mode') ?? '?';
          const lastOk = pick(i, 'lastOk', 'last_ok');
          const kind = mode === 'live' ? (lastOk === false ? 'bad' : 'ok') : 'info';
          const name = INTEGRATION_LABEL[i.name] ?? i.name;
          const err = pick(i, 'lastError', 'last_error');
          return el('span', {
            class: `badge badge-${kind}`,
            text: `${name}: ${humanize(mode)}`,
            attrs: {
              title: err ? `Last error: ${err}` : `Last call: ${formatTime(pick(i, 'lastCallAt'))}`,
            },
          });
        }),
      ),
      group(
        'Queues',
        el('span', { text: `emails ${queue.pendingEmails ?? 0}` }),
        el('span', { text: `· actions ${queue.pendingActions ?? 0}` }),
        el('span', { text: `· review ${queue.needsReview ?? 0}` }),
        el('span', { text: `· failed ${queue.failedAuthorizations ?? 0}` }),
      ),
      group(
        'Today',
        el('span', { text: `received ${today.emailsReceived ?? 0}` }),
        el('span', { text: `· authorizations ${today.authorizations ?? 0}` }),
        el('span', { text: `· ignored ${today.ignored ?? 0}` }),
        el('span', { text: `· failed ${today.failed ?? 0}` }),
      ),
    );
    onStatus(status);
  }

  return {
    refresh,
    render,
    get last() {
      return last;
    },
  };
}

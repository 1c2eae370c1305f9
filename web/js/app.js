// Dashboard entry point: asks for the API token, wires the views to the API and the live
// WebSocket, switches tabs, and refreshes what is visible when events arrive.
import { api, clearToken, getToken, setToken, setUnauthorizedHandler } from './api.js';
import { createAuthorizationsView } from './authorizations.js';
import { createFailedView } from './failed.js';
import { createFeedView } from './feed.js';
import { createLiveConnection } from './live.js';
import { createLogsView } from './logs.js';
import { createPreviewsView } from './previews.js';
import { createReviewView } from './review.js';
import { createStatusBar } from './status-bar.js';

const $ = (id) => document.getElementById(id);
const VIEWS = ['feed', 'authorizations', 'review', 'failed', 'logs', 'previews'];
const STATUS_POLL_MS = 30000;

let toastTimer = null;
function toast(message, isError = false) {
  const box = $('toast');
  box.textContent = message;
  box.classList.toggle('toast-bad', isError);
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (box.hidden = true), isError ? 8000 : 4000);
}

let current = 'feed';
const refreshers = {};
let pending = null;

/** Refresh the visible view (and the emails list, status) soon, coalescing bursts of events. */
function scheduleRefresh() {
  clearTimeout(pending);
  pending = setTimeout(() => {
    void statusBar.refresh();
    void feed.refreshEmails();
    void refreshers[current]?.();
  }, 250);
}

const statusBar = createStatusBar($('status-bar'), {
  toast,
  onStatus(status) {
    const q = status.queue ?? {};
    $('count-review').textContent = q.needsReview ? String(q.needsReview) : '';
    $('count-failed').textContent = q.failedAuthorizations ? String(q.failedAuthorizations) : '';
  },
});
const feed = createFeedView({ list: $('feed-list'), emailsRoot: $('emails-table'), toast });
const onChanged = () => scheduleRefresh();
refreshers.feed = () => feed.refreshEmails();
refreshers.authorizations = createAuthorizationsView({
  form: $('auth-filters'),
  tableRoot: $('auth-table'),
  pagerRoot: $('auth-pager'),
  detailRoot: $('auth-detail'),
}).refresh;
refreshers.review = createReviewView({
  listRoot: $('review-list'),
  editorRoot: $('review-editor'),
  toast,
  onChanged,
}).refresh;
refreshers.failed = createFailedView({
  root: $('failed-list'),
  emailsRoot: $('failed-emails'),
  toast,
  onChanged,
}).refresh;
refreshers.logs = createLogsView({
  form: $('log-filters'),
  tableRoot: $('logs-table'),
  pagerRoot: $('logs-pager'),
}).refresh;
refreshers.previews = createPreviewsView({ root: $('previews-list') }).refresh;

const live = createLiveConnection({
  onState(connected) {
    const ind = $('live-indicator');
    ind.textContent = connected ? 'Live feed: connected' : 'Live feed: reconnecting…';
    ind.classList.toggle('live-on', connected);
    ind.classList.toggle('live-off', !connected);
  },
  onMessage(msg) {
    if (msg.type === 'status' || msg.type === 'status.changed') {
      const snapshot = msg.status ?? msg.data;
      if (snapshot && snapshot.queue) statusBar.render(snapshot);
      else void statusBar.refresh();
      if (msg.type === 'status') {
        // Sent on every (re)connect: catch up on whatever changed while disconnected.
        scheduleRefresh();
        return;
      }
    }
    feed.add(msg);
    if (msg.type !== 'log') scheduleRefresh();
  },
});

function show(view) {
  if (!VIEWS.includes(view)) view = 'feed';
  current = view;
  for (const v of VIEWS) {
    $(`view-${v}`).hidden = v !== view;
    const tab = $(`tab-${v}`);
    tab.setAttribute('aria-selected', String(v === view));
    tab.tabIndex = v === view ? 0 : -1;
  }
  void refreshers[view]();
}

function setupTabs() {
  const tabs = VIEWS.map((v) => $(`tab-${v}`));
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => {
      location.hash = tab.dataset.view;
    });
    tab.addEventListener('keydown', (e) => {
      const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = tabs[(i + step + tabs.length) % tabs.length];
      next.focus();
      location.hash = next.dataset.view;
    });
  });
  window.addEventListener('hashchange', () => show(location.hash.slice(1)));
}

function askForToken(message) {
  live.stop();
  $('app').hidden = true;
  $('token-screen').hidden = false;
  const err = $('token-error');
  err.textContent = message ?? '';
  err.hidden = !message;
  $('token-input').value = '';
  $('token-input').focus();
}

let statusTimer = null;
function startApp() {
  $('token-screen').hidden = true;
  $('app').hidden = false;
  feed.showWaiting();
  live.start();
  void statusBar.refresh();
  void feed.refreshEmails();
  show(location.hash.slice(1));
  window.clearInterval(statusTimer);
  statusTimer = setInterval(() => void statusBar.refresh(), STATUS_POLL_MS);
}

$('token-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const token = $('token-input').value.trim();
  if (!token) return;
  setToken(token);
  try {
    await api.status();
  } catch (err) {
    if (err.status !== 401) askForToken(err.message);
    return;
  }
  startApp();
});

$('sign-out').addEventListener('click', () => {
  clearToken();
  window.clearInterval(statusTimer);
  askForToken();
});

setUnauthorizedHandler(() => {
  window.clearInterval(statusTimer);
  askForToken('The API token was refused. Enter it again.');
});

setupTabs();
if (getToken()) startApp();
else askForToken();

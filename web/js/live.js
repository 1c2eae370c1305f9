// The live connection to WS /ws/status. The token travels as the subprotocol pair
// "bearer, <token>" (browsers cannot set headers on a WebSocket); a token that is not a valid
// subprotocol token falls back to ?token=. Reconnects with capped exponential backoff + jitter.
import { getToken } from './api.js';

const MIN_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;

/** Returns { start, stop }. `onMessage(msg)` gets each parsed JSON message; `onState(bool)`. */
export function createLiveConnection({ onMessage, onState }) {
  let socket = null;
  let timer = null;
  let attempt = 0;
  let stopped = true;

  function url(withToken) {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const base = `${scheme}//${location.host}/ws/status`;
    return withToken ? `${base}?token=${encodeURIComponent(withToken)}` : base;
  }

  function open() {
    const token = getToken();
    if (stopped || !token) return;
    try {
      socket = new WebSocket(url(null), ['bearer', token]);
    } catch {
      // Characters a subprotocol may not carry: send the token in the query instead.
      socket = new WebSocket(url(token));
    }
    socket.addEventListener('open', () => {
      attempt = 0;
      onState(true);
    });
    socket.addEventListener('message', (e) => {
      let msg;
      try {
        msg = JSON.parse(e.data);
      } catch {
        return;
      }
      if (msg && typeof msg === 'object') onMessage(msg);
    });
    socket.addEventListener('close', () => {
      socket = null;
      onState(false);
      schedule();
    });
    socket.addEventListener('error', () => {
      // 'close' follows and schedules the reconnect.
    });
  }

  function schedule() {
    if (stopped) return;
    clearTimeout(timer);
    const delay = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** attempt);
    attempt += 1;
    timer = setTimeout(open, delay / 2 + Math.random() * (delay / 2));
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      attempt = 0;
      open();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      if (socket) socket.close(1000, 'signed out');
      socket = null;
      onState(false);
    },
  };
}

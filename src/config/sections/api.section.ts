import { int, list, secret, str } from '../spec.js';

export const apiVars = {
  API_HOST: str({
    default: '127.0.0.1',
    doc: 'Address the HTTP API and dashboard listen on. Anything but loopback requires API_TOKEN.',
  }),
  API_PORT: int({
    default: 8001,
    min: 0,
    max: 65535,
    doc: 'HTTP port for the API, WebSocket and dashboard.',
  }),
  API_TOKEN: secret({
    doc: 'Bearer token for the API, WebSocket and dashboard (or API_TOKEN_FILE).',
  }),
  CORS_ORIGINS: list({
    doc: 'Comma-separated browser origins allowed to call the API (empty = none).',
  }),
};

// The extraction engine on a worker thread: reads emails (MIME, HTML, PDF text, rules) off the
// main thread, which meanwhile fetches, stores and dispatches. One request in, one record out;
// log records are posted back to the main thread's logger.
import { parentPort, workerData } from 'node:worker_threads';
import type { Logger } from '../core/logger.js';
import { createExtractor } from './extractor.factory.js';

export interface WorkerInit {
  timeZone: string;
  rulesPath: string | null | undefined;
}

export type WorkerRequest = { id: number; raw: Uint8Array; timeZone: string };
export type WorkerReply =
  | { kind: 'ready' }
  | { kind: 'record'; id: number; record: unknown }
  | {
      kind: 'log';
      level: 'debug' | 'info' | 'warn' | 'error';
      obj: Record<string, unknown>;
      msg?: string;
    };

const port = parentPort;
if (!port) throw new Error('extraction.worker must run on a worker thread');
const init = workerData as WorkerInit;

function postingLogger(bindings: Record<string, unknown>): Logger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (objOrMsg: Record<string, unknown> | string, msg?: string): void => {
      const obj = typeof objOrMsg === 'string' ? {} : objOrMsg;
      // The main thread keeps its own rules store, which reports rules problems once; a worker
      // started again after idling would repeat them.
      if (typeof obj.event === 'string' && obj.event.startsWith('rules.')) return;
      const text = typeof objOrMsg === 'string' ? objOrMsg : msg;
      port?.postMessage({
        kind: 'log',
        level,
        obj: { ...bindings, ...plain(obj) },
        ...(text !== undefined ? { msg: text } : {}),
      } satisfies WorkerReply);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => postingLogger({ ...bindings, ...more }),
  };
}

/** Log fields as plain data (an Error does not survive postMessage with its message). */
function plain(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = v instanceof Error ? v.message : v;
  return out;
}

const engine = createExtractor({
  timeZone: init.timeZone,
  rulesPath: init.rulesPath,
  logger: postingLogger({}),
});

port.postMessage({ kind: 'ready' } satisfies WorkerReply);

port.on('message', (req: WorkerRequest) => {
  const raw = Buffer.from(req.raw.buffer, req.raw.byteOffset, req.raw.byteLength);
  // extract() never rejects: unreadable input gives a record with warnings.
  void engine.extract(raw, { timeZone: req.timeZone }).then((record) => {
    port.postMessage({ kind: 'record', id: req.id, record } satisfies WorkerReply);
  });
});

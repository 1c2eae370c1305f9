// Listens and shuts down; nothing else. Refuses to expose an unauthenticated API beyond this
// machine: without API_TOKEN only a loopback API_HOST is accepted.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/index.js';
import { AppError } from '../core/errors.js';
import { isLoopbackHost } from './auth.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Throws CONFIG_ERR_INVALID when API_HOST is not loopback and API_TOKEN is empty. */
export function assertSafeBinding(config: Pick<Config, 'API_HOST' | 'API_TOKEN'>): void {
  if (config.API_TOKEN === '' && !isLoopbackHost(config.API_HOST)) {
    throw new AppError(
      'CONFIG_ERR_INVALID',
      `refusing to listen on ${config.API_HOST}: API_TOKEN is empty, so anyone who can reach ` +
        'this address could read your authorizations and control the service',
      {
        retryable: false,
        hint: 'set API_TOKEN (or API_TOKEN_FILE), or set API_HOST=127.0.0.1 to stay on this machine',
      },
    );
  }
}

/** EADDRINUSE / EACCES / EADDRNOTAVAIL → HTTP_ERR_LISTEN saying what to change; others as-is. */
export function listenError(err: unknown, config: Pick<Config, 'API_HOST' | 'API_PORT'>): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const where = `port ${config.API_PORT} on ${config.API_HOST}`;
  const fail = (message: string, hint: string): AppError =>
    new AppError('HTTP_ERR_LISTEN', message, { retryable: false, hint, cause: err });
  if (code === 'EADDRINUSE')
    return fail(
      `${where} is already in use`,
      'stop the other process (perhaps another assistant serve) or set API_PORT',
    );
  if (code === 'EACCES')
    return fail(
      `not allowed to listen on ${where}`,
      'ports below 1024 need extra privileges: set API_PORT to 1024 or above',
    );
  if (code === 'EADDRNOTAVAIL')
    return fail(
      `cannot listen on ${where}: the address is not on this machine`,
      "set API_HOST to one of this machine's addresses (127.0.0.1 for this machine only)",
    );
  return err;
}

export async function startHttpServer(
  app: FastifyInstance,
  config: Pick<Config, 'API_HOST' | 'API_PORT' | 'API_TOKEN'>,
): Promise<RunningServer> {
  assertSafeBinding(config);
  try {
    await app.listen({ host: config.API_HOST, port: config.API_PORT });
  } catch (err) {
    throw listenError(err, config);
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : config.API_PORT;
  const host = config.API_HOST.includes(':') ? `[${config.API_HOST}]` : config.API_HOST;
  let closed = false;
  return {
    url: `http://${host}:${port}`,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
    },
  };
}

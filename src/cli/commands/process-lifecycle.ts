// Process-level wiring shared by `serve` and `run --once`: SIGTERM/SIGINT stop the application
// cleanly (exit 0), a second signal exits at once, and an unhandled rejection or exception is
// logged and fatal (exit 1) — the supervisor restarts us and the state is durable.
import type { Application } from '../../main.js';

export function installLifecycle(
  app: Application,
  onStopped: () => void = () => process.exit(0),
): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) {
      app.logger.warn({ event: 'service.forced_exit', signal }, `${signal} again: exiting now`);
      app.logger.flush();
      process.exit(1);
    }
    signalled = true;
    app.logger.info({ event: 'service.signal', signal }, `${signal} received: shutting down`);
    app.stop().then(onStopped, (err: unknown) => fatal(app, 'shutdown failed', err));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('unhandledRejection', (err) => fatal(app, 'unhandled promise rejection', err));
  process.on('uncaughtException', (err) => fatal(app, 'uncaught exception', err));
}

function fatal(app: Application, what: string, err: unknown): never {
  try {
    app.logger.error({ event: 'process.fatal', err }, `${what}: exiting`);
    app.logger.flush();
  } catch {
    // Logging must not prevent the exit.
  }
  process.exit(1);
}

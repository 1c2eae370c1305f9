// Turns every failure into JSON `{ error, message }`. Client errors (4xx) say what was wrong and
// which field; server errors are generic and carry only a request id, the details going to the
// log — a 5xx body never shows a stack, SQL, a path or a vendor's words.
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { ControlResult } from '../core/control.js';
import type { Logger } from '../core/logger.js';
import { isAppError } from '../core/errors.js';

export interface ErrorBody {
  error: string;
  message: string;
  requestId?: string;
}

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
};

export function installErrorHandlers(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err.validation) {
      const context = err.validationContext ?? 'request';
      return reply
        .code(400)
        .send({ error: 'VALIDATION_FAILED', message: readableValidation(err, context) });
    }
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500 && !isAppError(err)) {
      const code = FASTIFY_CODES[err.code] ?? (status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST');
      return reply.code(status).send({ error: code, message: err.message });
    }
    logger.error(
      {
        event: 'http.error',
        requestId: request.id,
        route: request.routeOptions.url ?? null,
        method: request.method,
        code: isAppError(err) ? err.code : (err.code ?? null),
        err: { message: err.message, stack: err.stack },
      },
      'request failed',
    );
    const body: ErrorBody = {
      error: 'INTERNAL_ERROR',
      message: `internal error (request id ${request.id}); the service log has the details`,
      requestId: request.id,
    };
    return reply.code(500).send(body);
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: 'NOT_FOUND',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
    }),
  );
}

function readableValidation(err: FastifyError, context: string): string {
  const first = err.validation?.[0];
  if (!first) return err.message;
  const path = first.instancePath ? first.instancePath.slice(1).replace(/\//g, '.') : '';
  const missing = (first.params as { missingProperty?: string } | undefined)?.missingProperty;
  const extra = (first.params as { additionalProperty?: string } | undefined)?.additionalProperty;
  const field = [path, missing ?? extra].filter(Boolean).join('.');
  const where = field ? `${context} field "${field}"` : context;
  if (extra) return `${where} is not a known field`;
  return `${where} ${first.message ?? 'is invalid'}`;
}

const STATUS_OF = { NOT_FOUND: 404, CONFLICT: 409, INVALID: 422 } as const;

/** Sends a ControlResult: 200 with `{ ok, message }`, or the matching 4xx error body. */
export function sendControlResult(
  reply: FastifyReply,
  result: ControlResult & { delivered?: number },
) {
  if (result.ok) return reply.send(result);
  return reply.code(STATUS_OF[result.code]).send({ error: result.code, message: result.message });
}

export function notFound(reply: FastifyReply, what: string, id: number) {
  return reply.code(404).send({ error: 'NOT_FOUND', message: `${what} ${id} not found` });
}

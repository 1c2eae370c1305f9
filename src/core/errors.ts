// The product's one error type. Adapters translate whatever their library or vendor threw
// into an AppError carrying a stable code, whether a retry can help, and the vendor's own
// words; everything above the adapters reasons only about these.

export type ErrorCode =
  | 'CONFIG_ERR_INVALID'
  | 'STORE_ERR_NEWER_SCHEMA'
  | 'STORE_ERR_IO'
  | 'MAIL_ERR_MALFORMED'
  | 'MAIL_ERR_TOO_LARGE'
  | 'IMAP_ERR_AUTH'
  | 'IMAP_ERR_CONNECTION'
  | 'IMAP_ERR_MAILBOX'
  | 'FOLDER_ERR_IO'
  | 'EXTRACT_ERR_RULES'
  | 'RATES_ERR_INVALID'
  | 'RATES_ERR_MISSING_RATE'
  | 'INVOICENINJA_ERR_AUTH'
  | 'INVOICENINJA_ERR_VALIDATION'
  | 'INVOICENINJA_ERR_NOT_FOUND'
  | 'INVOICENINJA_ERR_SERVER'
  | 'INVOICENINJA_ERR_RATE_LIMIT'
  | 'INVOICENINJA_ERR_NETWORK'
  | 'INVOICENINJA_ERR_PROTOCOL'
  | 'GOOGLE_ERR_INVALID_GRANT'
  | 'GOOGLE_ERR_AUTH'
  | 'GOOGLE_ERR_FORBIDDEN'
  | 'GOOGLE_ERR_RATE_LIMIT'
  | 'GOOGLE_ERR_NOT_FOUND'
  | 'GOOGLE_ERR_CONFLICT'
  | 'GOOGLE_ERR_SERVER'
  | 'GOOGLE_ERR_NETWORK'
  | 'GOOGLE_ERR_BAD_REQUEST'
  | 'WEBHOOK_ERR_HTTP'
  | 'WEBHOOK_ERR_NETWORK'
  | 'GEOCODING_ERR_HTTP'
  | 'GEOCODING_ERR_NETWORK'
  | 'ACTION_ERR_UNKNOWN_TYPE'
  | 'ACTION_ERR_DEPENDENCY_FAILED'
  | 'HTTP_ERR_LISTEN'
  | 'INTERNAL_ERR';

export interface AppErrorOptions {
  /** True when the same call may succeed later (network, timeout, 5xx, 429, rate limits). */
  retryable: boolean;
  /** Server-requested delay (Retry-After), in milliseconds. */
  retryAfterMs?: number | undefined;
  /** HTTP status or protocol status, when there was one. */
  status?: number | undefined;
  /** The vendor's own message, safe to show the user (never contains our secrets). */
  vendorMessage?: string | undefined;
  /** What the user can do about it. */
  hint?: string | undefined;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  readonly vendorMessage: string | undefined;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, opts: AppErrorOptions) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = opts.retryable;
    this.retryAfterMs = opts.retryAfterMs;
    this.status = opts.status;
    this.vendorMessage = opts.vendorMessage;
    this.hint = opts.hint;
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      status: this.status,
      vendorMessage: this.vendorMessage,
      hint: this.hint,
    };
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** Any thrown value as an AppError; unknown errors are treated as transient internal faults. */
export function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new AppError('INTERNAL_ERR', message, { retryable: true, cause: err });
}

// Translates whatever imapflow or the socket threw into the product's AppError, so the rest of
// the source reasons only about codes: bad credentials, a missing mailbox, or a connection
// problem. Messages carry the server's words, never the password.
import { AppError } from '../../core/errors.js';

interface ImapFlowLikeError {
  message?: string;
  code?: string;
  authenticationFailed?: boolean;
  responseText?: string;
  serverResponseCode?: string;
  mailboxMissing?: boolean;
}

export const AUTH_HINT =
  'check IMAP_USER and IMAP_PASSWORD; many providers (Gmail, Outlook, iCloud) need an app password for IMAP';

export function toImapError(err: unknown, target: string): AppError {
  if (err instanceof AppError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as ImapFlowLikeError;
  const serverText = e.responseText?.trim() || undefined;
  const base = e.message ?? String(err);
  if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED') {
    // Retryable: the user may fix the password while we keep trying with the capped backoff.
    return new AppError('IMAP_ERR_AUTH', `the IMAP server refused the login for ${target}`, {
      retryable: true,
      vendorMessage: serverText,
      hint: AUTH_HINT,
      cause: err,
    });
  }
  if (e.mailboxMissing || e.serverResponseCode === 'NONEXISTENT') {
    return new AppError('IMAP_ERR_MAILBOX', `the mailbox does not exist on ${target}`, {
      retryable: true,
      vendorMessage: serverText,
      hint: 'check IMAP_MAILBOX (names are case-sensitive except INBOX)',
      cause: err,
    });
  }
  const tls = tlsProblem(e.code);
  if (tls) {
    return new AppError('IMAP_ERR_CONNECTION', `${tls.message} on ${target} (${e.code})`, {
      retryable: true,
      hint: tls.hint,
      cause: err,
    });
  }
  // OpenSSL and socket messages can span lines; the first one says it.
  const firstLine = base.split('\n')[0]!.trim();
  const detail = e.code && !firstLine.includes(e.code) ? `${firstLine} (${e.code})` : firstLine;
  return new AppError('IMAP_ERR_CONNECTION', `IMAP connection to ${target} failed: ${detail}`, {
    retryable: true,
    vendorMessage: serverText,
    hint:
      e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND'
        ? 'check IMAP_HOST and IMAP_PORT'
        : e.code === 'ClosedAfterConnectTLS' || e.code === 'ClosedAfterConnectText'
          ? 'check IMAP_TLS matches the port (993 = TLS, 143 = plain/STARTTLS)'
          : undefined,
    cause: err,
  });
}

/** What a log line may carry about an error: no cause chain, no raw protocol data. */
export function describeError(err: AppError): Record<string, unknown> {
  return { code: err.code, error: err.message, vendorMessage: err.vendorMessage, hint: err.hint };
}

const CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function tlsProblem(code: string | undefined): { message: string; hint: string } | null {
  if (!code) return null;
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') {
    return {
      message: 'the TLS handshake failed: the server does not speak TLS from the first byte',
      hint: 'set IMAP_TLS=false for a plain/STARTTLS port (143), or use the TLS port (993)',
    };
  }
  if (CERT_CODES.has(code)) {
    return {
      message: "the server's TLS certificate was not accepted",
      hint: 'check IMAP_HOST is the name on the certificate; self-signed certificates are not trusted',
    };
  }
  return null;
}

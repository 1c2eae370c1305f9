// The one place that decides whether a failed external call is tried again, and when.
// Transient (network, timeout, 5xx, 429, Google's rate-limit 403s) → retry with capped
// exponential backoff and full jitter, honouring the server's Retry-After; anything else
// fails at once with the vendor's message.

import { toAppError } from './errors.js';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 64_000,
};

export type RetryDecision =
  { retry: true; delayMs: number; reason: string } | { retry: false; reason: string };

/**
 * @param attempts how many attempts have been made so far, including the one that just failed.
 * @param random injectable for tests; returns [0, 1).
 */
export function decideRetry(
  error: unknown,
  attempts: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): RetryDecision {
  const err = toAppError(error);
  const reason = err.vendorMessage ? `${err.message}: ${err.vendorMessage}` : err.message;
  if (!err.retryable) return { retry: false, reason };
  if (attempts >= policy.maxAttempts) {
    return { retry: false, reason: `${reason} (gave up after ${attempts} attempts)` };
  }
  return { retry: true, delayMs: backoffDelay(attempts, policy, random, err.retryAfterMs), reason };
}

export function backoffDelay(
  attempts: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  // Full jitter, but never below half the exponential step so retries do not bunch up at zero.
  const jittered = exp / 2 + random() * (exp / 2);
  const delay = retryAfterMs !== undefined ? Math.max(retryAfterMs, jittered) : jittered;
  return Math.round(Math.min(delay, Math.max(policy.maxDelayMs, retryAfterMs ?? 0)));
}

/** Parses an HTTP Retry-After header (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

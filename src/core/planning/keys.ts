// Deterministic names shared by the planner and the handlers: action idempotency keys, the
// keys of external_refs rows, InvoiceNinja invoice numbers and Google event ids. Derived only
// from the authorization's identity (authKey + generation) so a retry, a restart or a second
// copy of the same email always lands on the same thing over there.
import { createHash } from 'node:crypto';
import type { ActionType } from '../actions.js';

export interface Identity {
  authKey: string;
  generation: number;
}

/** `<authKey>|g<generation>`: one invoice and one calendar event per identity. */
export function identityKey(id: Identity): string {
  return `${id.authKey}|g${id.generation}`;
}

/** `<type>|<authKey>|g<generation>|a<authorization row id>[|<suffix>]` */
export function actionKey(
  type: ActionType,
  id: Identity,
  authorizationId: number,
  suffix?: string,
): string {
  return `${type}|${identityKey(id)}|a${authorizationId}${suffix ? `|${suffix}` : ''}`;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

export function base32hex(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32HEX[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32HEX[(value << (5 - bits)) & 31];
  return out;
}

/** Google event id: base32hex of sha256(identity) — matches ^[a-v0-9]{5,1024}$. */
export function calendarEventId(id: Identity): string {
  return base32hex(sha256(`calendar:${identityKey(id)}`)).slice(0, 32);
}

/**
 * InvoiceNinja invoice number: the normalised authorization number from the identity (letters,
 * digits, dashes; ≤ 20 chars) plus 6 hash characters of the identity, so two agencies' equal
 * numbers and a re-issued authorization never collide, and every email about one authorization
 * (however it writes the number) lands on the same invoice. Unique per company, as required.
 */
export function invoiceNumber(id: Identity): string {
  const number = id.authKey.slice(id.authKey.lastIndexOf('#') + 1);
  const base = number
    .toUpperCase()
    .replace(/[^A-Z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 20);
  const hash = base32hex(sha256(`invoice:${identityKey(id)}`))
    .slice(0, 6)
    .toUpperCase();
  return `${base || 'AUTH'}-${hash}`;
}

/** Stable webhook event id (also the Standard Webhooks `webhook-id`). */
export function webhookEventId(idempotencyKey: string): string {
  return `evt_${base32hex(sha256(`webhook:${idempotencyKey}`)).slice(0, 26)}`;
}

/** Key of our own in the event's extendedProperties.private (≤ 44 chars, Google's limit). */
export const EVENT_PROPERTY_KEY = 'assistantAuthKey';

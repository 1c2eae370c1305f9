// Standard Webhooks signing: webhook-id, webhook-timestamp (seconds) and
// webhook-signature "v1,<base64 HMAC-SHA256 of `${id}.${timestamp}.${body}`>". A secret given as
// "whsec_<base64>" is the base64 key; any other string is used as raw UTF-8 bytes.
import { createHmac } from 'node:crypto';

export function secretKey(secret: string): Buffer {
  return secret.startsWith('whsec_')
    ? Buffer.from(secret.slice(6), 'base64')
    : Buffer.from(secret, 'utf8');
}

export function signWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): Record<string, string> {
  const sig = createHmac('sha256', secretKey(secret))
    .update(`${id}.${timestampSeconds}.${body}`)
    .digest('base64');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': `v1,${sig}`,
  };
}

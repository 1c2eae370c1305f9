// The stable identity of an authorization across the emails about it (the original, its
// amendments, its cancellation): who issued it plus the number they gave it. The issuer is the
// sender's domain when there is one — several people at one agency amend each other's
// authorizations — otherwise the normalised organisation name.
import type { AuthorizationFields } from './extraction-record.js';

export function issuerKey(client: AuthorizationFields['client']): string {
  const domain = client.email?.split('@')[1]?.trim().toLowerCase();
  if (domain) return `@${domain}`;
  const name = (client.name ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return name ? `name:${name}` : 'unknown';
}

export function normaliseAuthorizationNumber(id: string): string {
  return id.trim().toUpperCase().replace(/\s+/g, '');
}

/** Null when the email states no authorization number (such a record goes to review). */
export function authKey(
  fields: Pick<AuthorizationFields, 'client' | 'authorizationId'>,
): string | null {
  if (!fields.authorizationId) return null;
  return `${issuerKey(fields.client)}#${normaliseAuthorizationNumber(fields.authorizationId)}`;
}

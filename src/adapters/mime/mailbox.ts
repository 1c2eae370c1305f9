// Reads one mailbox from the forms mail clients print in forwarded headers:
// `Name <addr>`, `"Name" <addr>`, `Name [mailto:addr]`, `"addr" <addr>`, `addr (Name)`, `addr`.
import type { Mailbox } from '../../core/readable-email.js';

const ADDRESS =
  /[A-Za-z0-9._%+'!#$&*/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+/;

function cleanName(raw: string, address: string | null): string | null {
  const name = raw
    .replace(/^[\s"'*]+|[\s"'*,;]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!name) return null;
  // A display name that is only the address again says nothing more.
  if (address && name.toLowerCase() === address.toLowerCase()) return null;
  if (ADDRESS.test(name) && !/\s/.test(name)) return null;
  return name;
}

export function parseMailbox(input: string): Mailbox | null {
  const text = input.replace(/\s+/g, ' ').trim().slice(0, 500);
  if (!text) return null;
  // `Name <addr>` / `Name <mailto:addr>` / `Name [mailto:addr]` / `Name (addr)`.
  const bracket = /^(.*?)[<[(]\s*(?:mailto:)?([^>\])\s]+@[^>\])\s]+)\s*[>\])]/i.exec(text);
  if (bracket) {
    const address = (ADDRESS.exec(bracket[2] as string)?.[0] ?? null)?.toLowerCase() ?? null;
    return { name: cleanName(bracket[1] as string, address), address };
  }
  const bare = ADDRESS.exec(text);
  if (bare) {
    const address = bare[0].toLowerCase();
    // `addr (Name)`
    const paren = /\(([^)]+)\)/.exec(text);
    const rest = paren ? (paren[1] as string) : text.replace(bare[0], '');
    return { name: cleanName(rest.replace(/mailto:/i, ''), address), address };
  }
  return { name: cleanName(text, null), address: null };
}

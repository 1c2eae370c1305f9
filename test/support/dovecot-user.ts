// The unprivileged system account a private Dovecot runs mail processes as (they refuse root).
// Created once per machine with `useradd --system` when missing; several test processes may
// ask at the same moment, so creation is serialised with flock and "already exists" is success.
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';

export const TEST_MAIL_USER = 'assistant-test';

export interface MailAccount {
  name: string;
  uid: number;
  gid: number;
  groupName: string;
  /** True when we are root and the mail processes drop to this account. */
  isSystemAccount: boolean;
}

function lookup(name: string): { uid: number; gid: number } | null {
  try {
    const line = execFileSync('getent', ['passwd', name], { encoding: 'utf8' }).trim();
    const parts = line.split(':');
    return { uid: Number(parts[2]), gid: Number(parts[3]) };
  } catch {
    return null;
  }
}

function groupName(gid: number): string {
  try {
    return execFileSync('getent', ['group', String(gid)], { encoding: 'utf8' }).split(':')[0]!;
  } catch {
    return String(gid);
  }
}

export function ensureMailAccount(): MailAccount {
  if (process.getuid?.() !== 0) {
    // Not root: Dovecot cannot switch users, so everything runs as ourselves.
    const me = userInfo();
    return {
      name: me.username,
      uid: me.uid,
      gid: me.gid,
      groupName: groupName(me.gid),
      isSystemAccount: false,
    };
  }
  let found = lookup(TEST_MAIL_USER);
  if (!found) {
    const script = `getent passwd ${TEST_MAIL_USER} >/dev/null || useradd --system --user-group --no-create-home --shell /usr/sbin/nologin ${TEST_MAIL_USER}`;
    try {
      execFileSync('flock', ['/tmp/assistant-test-useradd.lock', 'sh', '-c', script], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } catch (err) {
      // Another process (without our lock) may have won the race; only a missing user is fatal.
      if (!lookup(TEST_MAIL_USER)) {
        throw new Error(`cannot create the test mail user ${TEST_MAIL_USER}: ${String(err)}`);
      }
    }
    found = lookup(TEST_MAIL_USER);
    if (!found)
      throw new Error(`the test mail user ${TEST_MAIL_USER} does not exist after useradd`);
  }
  return { name: TEST_MAIL_USER, ...found, groupName: groupName(found.gid), isSystemAccount: true };
}

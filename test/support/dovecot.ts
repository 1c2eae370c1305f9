// A private, throw-away Dovecot for tests: its own temp dir, config (`dovecot -c`), passwd-file
// users and free loopback port; mail is delivered the way an MDA does (maildir tmp → new).
// Every instance is stopped and its dir removed on stop(), and at process exit as a fallback.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import {
  chmod,
  chown,
  mkdir,
  mkdtemp,
  readdir,
  rename,
  rm,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderDovecotConfig } from './dovecot-config.js';
import {
  freePort,
  installExitHook,
  killGroup,
  live,
  OWNER_FILE,
  reapOrphans,
  ROOT_PREFIX,
  waitForGreeting,
} from './dovecot-process.js';
import { ensureMailAccount, type MailAccount } from './dovecot-user.js';

const execFileP = promisify(execFile);
const DOVECOT = '/usr/sbin/dovecot';
const DOVECONF = '/usr/bin/doveconf';
const DOVEADM = '/usr/bin/doveadm';

export interface DovecotUser {
  name: string;
  password: string;
}

export interface DeliverOptions {
  /** Mailbox to deliver into (default INBOX); created on disk when missing. */
  mailbox?: string;
  /** Becomes the message's INTERNALDATE (Dovecot reads it from the maildir file's mtime). */
  internalDate?: Date;
  /** Whose mailbox (default the first user). */
  user?: string;
}

export type DeliverItem = Buffer | string | { raw: Buffer | string; internalDate?: Date };

export interface DovecotInstance {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The first user's name and password. */
  readonly user: string;
  readonly password: string;
  readonly users: readonly DovecotUser[];
  /** The temp dir holding config, logs and mail. */
  readonly root: string;
  maildir(user?: string): string;
  deliver(raw: Buffer | string, opts?: DeliverOptions): Promise<void>;
  deliverMany(
    items: readonly DeliverItem[],
    opts?: Omit<DeliverOptions, 'internalDate'>,
  ): Promise<void>;
  /** Stops the server (clients see the connection drop) and starts it again on the same port. */
  restart(): Promise<void>;
  /**
   * Deletes and re-creates a mailbox the way a server does: a new, higher UIDVALIDITY, UIDs
   * numbered from 1 again, open sessions disconnected. Its messages come back (as new mail)
   * unless keepMessages is false. Returns the new UIDVALIDITY.
   */
  recreateMailbox(name?: string, opts?: { keepMessages?: boolean; user?: string }): Promise<number>;
  /** Changes a user's password while the server runs (the user "fixes" the account). */
  setPassword(user: string, password: string): Promise<void>;
  /** The mailbox's UIDVALIDITY as Dovecot reports it (via doveadm). */
  uidValidity(name?: string, user?: string): Promise<number>;
  /** Dovecot's own log, for failure messages. */
  readLog(): string;
  stop(): Promise<void>;
}

export interface StartDovecotOptions {
  users?: DovecotUser[];
  /**
   * Replaces the capability list Dovecot announces after login, e.g. to play a server without
   * IDLE: 'IMAP4rev1 LITERAL+ SASL-IR ID ENABLE UIDPLUS MOVE'.
   */
  imapCapability?: string;
}

let deliverySeq = 0;
function maildirName(size: number): string {
  const now = Date.now();
  deliverySeq += 1;
  return `${Math.floor(now / 1000)}.M${(now % 1000) * 1000}P${process.pid}Q${deliverySeq}R${randomBytes(4).toString('hex')}.assistant-test,S=${size}`;
}

export async function startDovecot(opts: StartDovecotOptions = {}): Promise<DovecotInstance> {
  if (!existsSync(DOVECOT)) {
    throw new Error(
      'Dovecot is not installed: run "apt-get install -y --no-install-recommends dovecot-imapd" (npm test does this when run as root)',
    );
  }
  installExitHook();
  await reapOrphans();
  const account = ensureMailAccount();
  const users = opts.users ?? [
    { name: 'assistant', password: `pw-${randomBytes(6).toString('hex')}` },
  ];
  if (users.length === 0) throw new Error('startDovecot needs at least one user');
  const root = await mkdtemp(join(tmpdir(), ROOT_PREFIX));
  await writeFile(join(root, OWNER_FILE), String(process.pid));
  const entry: { child: ChildProcess | null; root: string } = { child: null, root };
  live.add(entry);
  try {
    return await buildInstance(root, users, account, entry, opts);
  } catch (err) {
    if (entry.child?.pid) killGroup(entry.child.pid, 'SIGKILL');
    live.delete(entry);
    await rm(root, { recursive: true, force: true });
    throw err;
  }
}

async function buildInstance(
  root: string,
  users: DovecotUser[],
  account: MailAccount,
  entry: { child: ChildProcess | null; root: string },
  opts: StartDovecotOptions,
): Promise<DovecotInstance> {
  // Dovecot's processes (and the mail user) must traverse the temp dir.
  await chmod(root, 0o755);
  for (const d of ['run', 'state', 'log', 'home']) await mkdir(join(root, d), { mode: 0o755 });
  const passwdFile = join(root, 'passwd');
  const passwords = new Map(users.map((u) => [u.name, u.password]));
  // Dovecot re-reads a passwd-file when it changes, so a password can change while it runs.
  const writePasswd = () =>
    writeFile(
      passwdFile,
      [...passwords].map(([name, pw]) => `${name}:{PLAIN}${pw}`).join('\n') + '\n',
      { mode: 0o644 },
    );
  await writePasswd();
  const homeRoot = join(root, 'home');
  const maildirOf = (user?: string) => join(homeRoot, user ?? users[0]!.name, 'Maildir');
  const ensureDir = async (dir: string) => {
    await mkdir(dir, { recursive: true });
    await chown(dir, account.uid, account.gid);
  };
  const mailboxDir = async (mailbox: string, user?: string): Promise<string> => {
    const base = maildirOf(user);
    const dir =
      mailbox.toUpperCase() === 'INBOX' ? base : join(base, `.${mailbox.replaceAll('/', '.')}`);
    if (!existsSync(join(dir, 'new'))) {
      await ensureDir(join(homeRoot, user ?? users[0]!.name));
      await ensureDir(base);
      await ensureDir(dir);
      for (const sub of ['tmp', 'new', 'cur']) await ensureDir(join(dir, sub));
      if (dir !== base) await writeFile(join(dir, 'maildirfolder'), '');
    }
    return dir;
  };
  for (const u of users) await mailboxDir('INBOX', u.name);

  let port = 0;
  const configFile = join(root, 'dovecot.conf');
  const logFile = join(root, 'log', 'dovecot.log');
  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

  const launch = async (): Promise<void> => {
    const child = spawn(DOVECOT, ['-F', '-c', configFile], { detached: true, stdio: 'ignore' });
    child.unref();
    entry.child = child;
    try {
      await waitForGreeting(port, child, 15_000);
    } catch (err) {
      killGroup(child.pid ?? 0, 'SIGKILL');
      throw new Error(`${(err as Error).message}\n${readLog().split('\n').slice(-15).join('\n')}`);
    }
  };

  const writeConfig = async () => {
    await writeFile(
      configFile,
      renderDovecotConfig({
        root,
        port,
        passwdFile,
        homeRoot,
        uid: account.uid,
        gid: account.gid,
        unprivilegedUser: account.isSystemAccount
          ? null
          : { name: account.name, group: account.groupName },
        imapCapability: opts.imapCapability,
      }),
    );
    await execFileP(DOVECONF, ['-c', configFile, '-n']).catch((err: { stderr?: string }) => {
      throw new Error(`doveconf rejected the test config: ${err.stderr ?? String(err)}`);
    });
  };

  // Another process may grab the free port between our probe and Dovecot's bind: try again.
  for (let attempt = 1; ; attempt += 1) {
    port = await freePort();
    await writeConfig();
    try {
      await launch();
      break;
    } catch (err) {
      if (attempt >= 5) throw err;
    }
  }

  const uidValidityOf = async (mailbox: string, user: string): Promise<number> => {
    const { stdout } = await execFileP(DOVEADM, [
      '-c',
      configFile,
      'mailbox',
      'status',
      '-u',
      user,
      'uidvalidity',
      mailbox,
    ]);
    const value = Number(/uidvalidity=(\d+)/.exec(stdout)?.[1]);
    if (!Number.isFinite(value))
      throw new Error(`cannot read the UIDVALIDITY of ${mailbox}: ${stdout}`);
    return value;
  };

  const stopServer = async (): Promise<void> => {
    const child = entry.child;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    killGroup(child.pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child.pid ?? 0, 'SIGKILL'), 8_000);
    await exited;
    clearTimeout(timer);
    // The master is gone; make sure no imap/auth child it left behind lingers in its group.
    killGroup(child.pid, 'SIGKILL');
  };

  let stopped = false;
  const deliverOne = async (
    raw: Buffer | string,
    dir: string,
    internalDate: Date | undefined,
  ): Promise<void> => {
    const buf = typeof raw === 'string' ? Buffer.from(raw) : raw;
    const name = maildirName(buf.length);
    const tmp = join(dir, 'tmp', name);
    await writeFile(tmp, buf, { mode: 0o600 });
    await chown(tmp, account.uid, account.gid);
    if (internalDate) await utimes(tmp, internalDate, internalDate);
    await rename(tmp, join(dir, 'new', name));
  };

  return {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    user: users[0]!.name,
    password: users[0]!.password,
    users,
    root,
    maildir: maildirOf,
    readLog,
    async deliver(raw, o = {}) {
      const dir = await mailboxDir(o.mailbox ?? 'INBOX', o.user);
      await deliverOne(raw, dir, o.internalDate);
    },
    async deliverMany(items, o = {}) {
      const dir = await mailboxDir(o.mailbox ?? 'INBOX', o.user);
      const chunk = 64;
      for (let i = 0; i < items.length; i += chunk) {
        await Promise.all(
          items
            .slice(i, i + chunk)
            .map((item) =>
              typeof item === 'string' || Buffer.isBuffer(item)
                ? deliverOne(item, dir, undefined)
                : deliverOne(item.raw, dir, item.internalDate),
            ),
        );
      }
    },
    async restart() {
      if (stopped) throw new Error('restart() after stop()');
      await stopServer();
      await launch();
    },
    async recreateMailbox(name = 'INBOX', o = {}) {
      const who = o.user ?? users[0]!.name;
      const dir = await mailboxDir(name, who);
      const before = await uidValidityOf(name, who);
      // What deleting and re-creating a folder does on disk: the message files are set aside,
      // Dovecot's UID list and indexes vanish, and the files (unless dropped) come back as new
      // mail. Dovecot then numbers them from UID 1 under a new UIDVALIDITY and disconnects
      // sessions that had the mailbox open. The dovecot-uidvalidity* files stay: they make
      // sure the new value is higher than the old one.
      const hold = join(root, `hold-${randomBytes(4).toString('hex')}`);
      await mkdir(hold);
      for (const sub of ['new', 'cur']) {
        for (const f of await readdir(join(dir, sub)))
          await rename(join(dir, sub, f), join(hold, f));
      }
      for (const f of await readdir(dir)) {
        if (f === 'dovecot-uidlist' || f === 'dovecot-keywords' || f.startsWith('dovecot.index')) {
          await rm(join(dir, f), { force: true });
        }
      }
      if (o.keepMessages ?? true) {
        for (const f of await readdir(hold)) await rename(join(hold, f), join(dir, 'new', f));
      }
      await rm(hold, { recursive: true, force: true });
      const after = await uidValidityOf(name, who);
      if (after === before) throw new Error(`UIDVALIDITY of ${name} did not change (${after})`);
      return after;
    },
    async setPassword(user, password) {
      if (!passwords.has(user)) throw new Error(`no such test user: ${user}`);
      passwords.set(user, password);
      await writePasswd();
    },
    uidValidity: (name = 'INBOX', user) => uidValidityOf(name, user ?? users[0]!.name),
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await stopServer();
      } finally {
        live.delete(entry);
        await rm(root, { recursive: true, force: true });
      }
    },
  };
}

export { freePort } from './dovecot-process.js';

/** Lists the message files currently in a maildir folder (new + cur), for assertions. */
export async function listMaildirFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const sub of ['new', 'cur']) {
    if (existsSync(join(dir, sub))) out.push(...(await readdir(join(dir, sub))));
  }
  return out;
}

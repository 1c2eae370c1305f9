// Keeps the extraction rules in force: the bundled defaults merged with the user's file,
// reloaded when the file changes (fs.watch, plus an mtime check on every read for
// filesystems where watching is unreliable). A broken edit keeps the last good rules and
// logs the problem once per change.
import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from '../../core/logger.js';
import { DEFAULT_RULES } from '../../core/extraction/default-rules.js';
import { mergeRules, type ExtractionRules } from '../../core/extraction/rules.types.js';
import { readRulesFile } from './rules.file.js';

export interface RulesStore {
  /** The rules to use now (reloads first if the file changed). */
  current(): ExtractionRules;
  /** Problems of the file as it is on disk now, or null when it is fine (or not configured). */
  problems(): string | null;
  close(): void;
}

export function createRulesStore(opts: {
  path: string | null | undefined;
  logger: Logger;
}): RulesStore {
  const path = opts.path?.trim() || null;
  const log = opts.logger;
  let rules: ExtractionRules = DEFAULT_RULES;
  let problem: string | null = null;
  let seenStamp: string | null = null;
  let watcher: FSWatcher | null = null;

  const stampOf = (): string => {
    if (!path) return 'none';
    try {
      const st = statSync(path);
      return `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch {
      return 'missing';
    }
  };

  const reload = (): void => {
    if (!path) return;
    const stamp = stampOf();
    if (stamp === seenStamp) return;
    seenStamp = stamp;
    try {
      rules = mergeRules(DEFAULT_RULES, readRulesFile(path));
      if (problem)
        log.info({ event: 'rules.reloaded', path }, 'extraction rules fixed and reloaded');
      else log.debug({ path }, 'extraction rules loaded');
      problem = null;
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
      log.error(
        { event: 'rules.invalid', path, problem },
        'extraction rules file is invalid; the last good rules stay in force',
      );
    }
  };

  reload();
  if (path) {
    try {
      // Watch the folder: editors replace files (rename), which ends a watch on the file.
      watcher = watch(dirname(path), { persistent: false }, (_event, name) => {
        if (!name || name === basename(path)) reload();
      });
      watcher.on('error', () => {
        watcher?.close();
        watcher = null;
      });
    } catch {
      watcher = null; // the mtime check on each read still picks changes up
    }
  }

  return {
    current() {
      reload();
      return rules;
    },
    problems() {
      reload();
      return problem;
    },
    close() {
      watcher?.close();
      watcher = null;
    },
  };
}

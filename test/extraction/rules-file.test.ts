// The user's rules file: validation messages that name the bad key, per-sender overrides
// that change what is read, and reloading on change (a broken edit keeps the last good rules).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../src/core/logger.js';
import { silentLogger } from '../../src/core/logger.js';
import { validateUserRules } from '../../src/adapters/rules/rules.schema.js';
import { readRulesFile } from '../../src/adapters/rules/rules.file.js';
import { createExtractor } from '../../src/services/extractor.factory.js';

const dir = mkdtempSync(join(tmpdir(), 'rules-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function mail(from: string, body: string): Buffer {
  return Buffer.from(
    `From: ${from}\r\nTo: v@vendor.example\r\nSubject: Service authorization\r\nDate: Mon, 02 Mar 2026 10:00:00 -0600\r\nMessage-ID: <r1@x.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`,
  );
}

const BODY = `The service below has been approved.

Authorization Number: QX-4410
Participant: Orla Fenn
Date: 04/03/2026
Start time: 09:00
Units: 6
`;

async function until(check: () => Promise<boolean>, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail('condition not met in time');
}

void describe('rules file validation', () => {
  void it('names the bad key in every message', () => {
    const r = validateUserRules({
      senders: { '@x.org': { dateOrder: 'YMD' }, nonsense: {} },
      labels: { date: ['Fecha', 7], colour: [] },
      keywords: { authorization: 'approved' },
    });
    assert.equal(r.ok, false);
    const problems = r.ok ? [] : r.problems;
    assert.ok(
      problems.includes('senders["@x.org"].dateOrder must be MDY or DMY'),
      problems.join('\n'),
    );
    assert.ok(problems.some((p) => p.startsWith('senders["nonsense"] must be an address')));
    assert.ok(problems.includes('labels.date[1] must be text'));
    assert.ok(problems.includes('labels.colour is not a known key'));
    assert.ok(problems.includes('keywords.authorization must be a list of text'));
  });

  void it('reads YAML and JSON, and reports a syntax error with the file name', () => {
    const y = join(dir, 'ok.yaml');
    writeFileSync(
      y,
      'labels:\n  recipient: [Alumno]\nsenders:\n  "@eu.example": { dateOrder: DMY }\n',
    );
    assert.deepEqual(readRulesFile(y).labels?.recipient, ['Alumno']);
    const j = join(dir, 'bad.json');
    writeFileSync(j, '{ "labels": ');
    assert.throws(
      () => readRulesFile(j),
      (e: Error) => e.message.startsWith(`${j}: not valid JSON`),
    );
  });
});

void describe('per-sender rules change what is read', () => {
  void it('applies dateOrder, unitMinutes, clientName and label aliases', async () => {
    const path = join(dir, 'rules.json');
    writeFileSync(
      path,
      JSON.stringify({
        labels: { recipient: ['Service user'] },
        senders: {
          '@eu-agency.example': { dateOrder: 'DMY', unitMinutes: 15, clientName: 'EU Care Agency' },
        },
      }),
    );
    const ex = createExtractor({
      timeZone: 'America/Chicago',
      rulesPath: path,
      logger: silentLogger,
    });
    try {
      const body = BODY.replace('Participant', 'Service user');
      const eu = await ex.extract(mail('Desk <desk@eu-agency.example>', body));
      assert.equal(eu.isAuthorization, true);
      assert.equal(eu.service.date, '2026-03-04');
      assert.equal(eu.service.durationHours, 1.5);
      assert.equal(eu.service.endTime, '10:30');
      assert.equal(eu.client.name, 'EU Care Agency');
      assert.equal(eu.recipient.name, 'Orla Fenn');
      const us = await ex.extract(mail('Desk <desk@us-agency.example>', body));
      assert.equal(us.service.date, '2026-04-03');
      assert.equal(us.service.durationHours, null, 'units of unknown length give no duration');
    } finally {
      ex.close();
    }
  });
});

void describe('reloading', () => {
  void it('applies an edit without a restart and keeps the last good rules on a broken edit', async () => {
    const path = join(dir, 'live.yaml');
    writeFileSync(path, 'senders:\n  "@live.example": { dateOrder: MDY }\n');
    const errors: string[] = [];
    const logger: Logger = {
      ...silentLogger,
      error: (o: unknown) => void errors.push(JSON.stringify(o)),
      child: () => logger,
    };
    const ex = createExtractor({ timeZone: 'America/Chicago', rulesPath: path, logger });
    try {
      const m = mail('Desk <desk@live.example>', BODY);
      assert.equal((await ex.extract(m)).service.date, '2026-04-03');
      writeFileSync(path, 'senders:\n  "@live.example": { dateOrder: DMY }\n# edited\n');
      await until(async () => (await ex.extract(m)).service.date === '2026-03-04');
      writeFileSync(path, 'senders:\n  "@live.example": { dateOrder: sideways }\n');
      await until(async () => errors.length > 0);
      assert.match(
        errors.join('\n'),
        /senders\[\\"@live.example\\"\]\.dateOrder must be MDY or DMY/,
      );
      assert.equal((await ex.extract(m)).service.date, '2026-03-04', 'last good rules stay');
      assert.match(ex.rulesProblems() ?? '', /dateOrder must be MDY or DMY/);
    } finally {
      ex.close();
    }
  });
});

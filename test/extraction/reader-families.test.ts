// The generic causes behind the fresh holdout's misses, each on invented emails: abbreviated
// and bilingual labels, the unit family in addresses, estimate and in-value durations, a
// session schedule label, and an organisation named only by a signature's layout.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ReadableEmail } from '../../src/core/readable-email.js';
import { DEFAULT_RULES } from '../../src/core/extraction/default-rules.js';
import { extractRecord } from '../../src/core/extraction/extract-record.js';
import { findAddress } from '../../src/core/extraction/address.js';

function email(text: string, over: Partial<ReadableEmail> = {}): ReadableEmail {
  return {
    messageId: 'm@x',
    subject: 'Service authorization',
    from: { name: 'Priya Okafor', address: 'pokafor@lakemontworks.example' },
    to: [{ name: 'Vendor Co', address: 'v@vendor.example' }],
    date: '2026-03-02T16:00:00.000Z',
    inReplyTo: null,
    isReply: false,
    isForward: false,
    original: null,
    views: [{ kind: 'plain', text, quoted: '', filename: null }],
    attachments: [],
    warnings: [],
    ...over,
  };
}
const run = (text: string) =>
  extractRecord(email(text), DEFAULT_RULES, { timeZone: 'America/Chicago' });

void describe('labels', () => {
  void it('reads an abbreviated id label with dots, in a line and in prose', () => {
    const r = run(
      'The service below is approved.\n\nAuth. No.:   QX-5521-07\nConsumer:    Lena Brandt\nDate:        03/18/2026\nTime:        1:00 PM - 3:00 PM\n',
    );
    assert.equal(r.isAuthorization, true);
    assert.equal(r.authorizationId, 'QX-5521-07');
    const p = run(
      'We approve the session on 03/18/2026, 1-3pm, per Auth. No. QX-5521-07 for Lena Brandt.',
    );
    assert.equal(p.authorizationId, 'QX-5521-07');
  });
  void it('reads bilingual compound labels and a space before the colon', () => {
    const r = run(
      [
        'Authorization No. / No d’autorisation : TQ-2026-0412',
        'Participant : Amélie Gagnon-Roy',
        'Date : 18 Mar 2026',
        'Time / Heure : 09:00–11:30',
        'Address / Adresse : 88 Rue des Érables, Lac-Verdier, QC J4B 2K9',
      ].join('\n'),
    );
    assert.equal(r.isAuthorization, true);
    assert.equal(r.authorizationId, 'TQ-2026-0412');
    assert.equal(r.service.startTime, '09:00');
    assert.equal(r.service.endTime, '11:30');
    assert.equal(r.service.location, '88 Rue des Érables, Lac-Verdier, QC J4B 2K9');
  });
});

void describe('addresses', () => {
  void it('keeps every unit word and up to two units', () => {
    for (const unit of [
      'Lot 7',
      'Space 41',
      'Trailer 3',
      'Bldg C, Rm 210',
      'Office 12',
      'Slip B-4',
    ]) {
      const text = `Location: 620 Heron Way, ${unit}, Dunmore, KS 66002`;
      assert.equal(findAddress(text)?.address, `620 Heron Way, ${unit}, Dunmore, KS 66002`);
    }
  });
  void it('does not take the start of a city name for a unit', () => {
    assert.equal(
      findAddress('14 Pine St, Bayfield, WI 54814')?.address,
      '14 Pine St, Bayfield, WI 54814',
    );
    assert.equal(
      findAddress('14 Pine St, Lotus, CA 95651')?.address,
      '14 Pine St, Lotus, CA 95651',
    );
  });
  void it('reads a unit before the number and a French street type', () => {
    assert.equal(
      findAddress('Suite 3, 210 Chemin du Lac, Val-Brume, QC G0A 1B0')?.address,
      'Suite 3, 210 Chemin du Lac, Val-Brume, QC G0A 1B0',
    );
  });
});

void describe('durations and schedules', () => {
  const base = 'Authorization #: WW-88120\nClient: Omar Haddad\nDate: 04/02/2026\n';
  void it('reads an estimate label with "hrs"', () => {
    const r = run(`${base}Report time: 9:15 a.m.\nExpected duration: 3 hrs\n`);
    assert.equal(r.service.durationHours, 3);
    assert.equal(r.service.endTime, '12:15');
  });
  void it('reads a duration written before the start in one time value', () => {
    const r = run(`${base}Time: 1.5 hours starting at 10am\n`);
    assert.equal(r.service.startTime, '10:00');
    assert.equal(r.service.durationHours, 1.5);
    assert.equal(r.service.endTime, '11:30');
  });
  void it('reads a session list with a shared range, which beats a stated total', () => {
    const r = run(
      'Authorization WW-88120 is approved.\nClient: Omar Haddad\nSessions: Monday 04/06/2026 and Monday 04/13/2026, 9am-12pm each\nTotal authorized: 6 hours\n',
    );
    assert.equal(r.service.date, '2026-04-06');
    assert.equal(r.service.startTime, '09:00');
    assert.equal(r.service.endTime, '12:00');
    assert.equal(r.service.durationHours, 3);
  });
});

void describe('a total across listed sessions', () => {
  void it('is no session duration when no range gives one', () => {
    const r = run(
      'Authorization WW-88120 is approved.\nClient: Omar Haddad\nSessions: Monday 04/06/2026 and Monday 04/13/2026, starting 9am\nTotal authorized: 6 hours\n',
    );
    assert.equal(r.service.startTime, '09:00');
    assert.equal(r.service.durationHours, null);
    assert.equal(r.service.endTime, null);
  });
  void it('still counts for a single session', () => {
    const r = run(
      'Authorization WW-88120\nClient: Omar Haddad\nDate: 04/06/2026\nStart: 9am\nTotal hours: 3\n',
    );
    assert.equal(r.service.durationHours, 3);
  });
});

void describe('client from a signature layout', () => {
  const body =
    'Please provide 2 hours of job coaching for Omar Haddad on 04/02/2026 at 10am under authorization WW-88120.\n\nThanks,\n';
  void it('takes the line between the title and the phone', () => {
    const r = run(
      `${body}Priya Okafor\nJob Placement Coordinator\nLakemont Pathways\n(316) 555-0142\n`,
    );
    assert.equal(r.client.name, 'Lakemont Pathways');
  });
  void it('never takes a name after a title without the whole layout', () => {
    const r = run(`${body}Placement Coordinator\nPriya Okafor\n(316) 555-0142\n`);
    assert.equal(r.client.name, null);
  });
});

void describe('prose readers', () => {
  void it('takes no session date from a period end or a replaced date', () => {
    const r = run(
      'Authorization BX-3307 for Tomas Reyes has been extended. The authorization period now ends 06/30/2027 instead of 03/31/2027. No other changes.',
    );
    assert.equal(r.kind, 'amendment');
    assert.equal(r.service.date, null);
  });
  void it('reads the person named beside the id and the subject of a leaving verb', () => {
    const beside = run(
      'Amendment to Auth. No. BX-3307 (Tomas Reyes): the 04/09/2026 session moves to 2:00 - 4:00 PM.',
    );
    assert.equal(beside.recipient.name, 'Tomas Reyes');
    const leaving = run(
      'Tomas Reyes has withdrawn from the program, so the job coaching under authorization BX-3307 is cancelled. Please do not provide the session on 04/09/2026.',
    );
    assert.equal(leaving.kind, 'cancellation');
    assert.equal(leaving.recipient.name, 'Tomas Reyes');
  });
});

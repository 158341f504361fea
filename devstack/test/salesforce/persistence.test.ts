// A demo survives a restart: records, seed data, stored streaming events and sessions live in the
// SQLite file of the data directory; reseeding never duplicates anything.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { connectionFor, http, INTEGRATION, projection, standIn } from './helpers.ts';

describe('persistence', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sf-standin-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps records, events, sessions and seed data across a restart', async () => {
    const first = await standIn({ dataDir });
    await connectionFor(first, INTEGRATION)
      .sobject('CallData__c')
      .upsert(projection({ CallId__c: 'p1:alice' }), 'CallId__c');
    const token = first.sessionFor(first.userId(INTEGRATION));
    const counts = {
      users: first.users().length,
      contacts: first.records('Contact').length,
      events: first.publishes.length
    };
    await first.stop();

    const second = await standIn({ dataDir });
    try {
      assert.equal(second.records('CallData__c')[0]?.CallId__c, 'p1:alice');
      assert.deepEqual(
        { users: second.users().length, contacts: second.records('Contact').length, events: second.publishes.length },
        counts
      );
      assert.equal((await http(second, 'GET', '/services/data/v66.0/limits', token)).status, 200);
      const next = await connectionFor(second, INTEGRATION)
        .sobject('CallData__c')
        .upsert(projection({ CallId__c: 'p2:alice' }), 'CallId__c');
      assert.notEqual(next.id, second.records('CallData__c')[0]?.Id, 'new ids continue after the stored ones');
    } finally {
      await second.stop();
    }
  });
});

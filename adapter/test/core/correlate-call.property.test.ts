import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fixtureNames, loadFixture } from '../fixtures/kazoo/load-fixtures.ts';
import { normalizeAll, runCorrelator } from './run-correlator.ts';

// Kazoo delivers duplicates and any order (kazoo.md §0.4): the records must not depend on either.
describe('correlateEvent: arrival order and duplicates do not change the records', () => {
  for (const name of fixtureNames()) {
    it(name, () => {
      const fixture = loadFixture(name);
      const events = normalizeAll(fixture.raw);
      const everyEventTwice = [...events, ...events];
      fc.assert(
        fc.property(fc.shuffledSubarray(everyEventTwice, { minLength: everyEventTwice.length }), (shuffled) => {
          assert.deepEqual(runCorrelator(shuffled).final, fixture.expected);
        }),
        { numRuns: 60 }
      );
    });
  }
});

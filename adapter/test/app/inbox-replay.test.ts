/**
 * What the inbox holds is enough to replay: a restart that finds accepted events not yet in a
 * snapshot folds them again and ends every call with the records the fixture expects. That holds
 * for the form this version stores (the normalized event) and for the Kazoo frames an inbox
 * written by an earlier version still holds after an upgrade.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, test } from 'node:test';
import { EventPipeline } from '../../src/app/event-pipeline.ts';
import type { CallDataProjection } from '../../src/core/call-data.ts';
import { normalizeEvent, type KazooCallEvent } from '../../src/core/normalize-event.ts';
import { decodeInboxEvent, encodeInboxEvent } from '../../src/store/inbox-event.ts';
import { TenantStore } from '../../src/store/tenant-store.ts';
import { ManualClock } from '../delivery/support/manual-clock.ts';
import { fixtureNames, loadFixture } from '../fixtures/kazoo/load-fixtures.ts';
import { testPipeline } from './support/test-pipeline.ts';

function pipelineOn(store: TenantStore, clock: ManualClock, queued: CallDataProjection[] = []): EventPipeline {
  return testPipeline(store, clock, {
    onQueued: (projections) => queued.push(...projections),
    // No snapshot: every accepted event stays in the inbox, as when the process dies before one.
    snapshotEveryMs: Number.POSITIVE_INFINITY
  });
}

const callEvents = (raw: readonly unknown[]) => raw.filter((frame) => normalizeEvent(frame).ok);
const timeOf = (frame: unknown) => (normalizeEvent(frame) as { event: KazooCallEvent }).event.timeMs;

/** The last record of each call a new process queues when it starts on this store and ends every call. */
function recordsAfterRestart(path: string, clock: ManualClock): CallDataProjection[] {
  const queued: CallDataProjection[] = [];
  const store = new TenantStore(path);
  const pipeline = pipelineOn(store, clock, queued);
  pipeline.processInbox();
  clock.advance(60_000);
  pipeline.expire();
  store.close();
  const last = new Map(queued.map((record) => [record.CallId__c, record]));
  return [...last.keys()].sort().map((callId) => last.get(callId) as CallDataProjection);
}

describe('a restart replays what this version stored and ends each fixture with its expected records', () => {
  for (const name of fixtureNames()) {
    it(name, async () => {
      const fixture = loadFixture(name);
      const path = join(mkdtempSync(join(tmpdir(), 'cti-replay-')), 'acme.sqlite');
      const clock = new ManualClock(0);
      const store = new TenantStore(path);
      const pipeline = pipelineOn(store, clock);
      const outcomes = callEvents(fixture.raw).map((frame) => {
        clock.advance(Math.max(0, timeOf(frame) - clock.now()));
        return pipeline.submit(frame, 'websocket');
      });
      assert.ok((await Promise.all(outcomes)).every((outcome) => outcome.accepted));
      store.close();
      assert.deepEqual(recordsAfterRestart(path, clock), fixture.expected);
    });
  }
});

describe('after an upgrade, the frames an earlier version left in the inbox end each fixture as expected', () => {
  for (const name of fixtureNames()) {
    it(name, () => {
      const fixture = loadFixture(name);
      const path = join(mkdtempSync(join(tmpdir(), 'cti-upgrade-')), 'acme.sqlite');
      const clock = new ManualClock(0);
      const store = new TenantStore(path);
      // The earlier version stored each accepted frame's JSON as it was.
      for (const frame of callEvents(fixture.raw)) {
        clock.advance(Math.max(0, timeOf(frame) - clock.now()));
        store.inbox.append(frame, 'websocket', clock.now());
      }
      store.close();
      assert.deepEqual(recordsAfterRestart(path, clock), fixture.expected);
    });
  }
});

test('the stored form gives back every field of an event, application vars without a prototype', () => {
  const applicationVars = Object.assign(Object.create(null) as Record<string, string>, {
    sf_related_record_id: '003Hs00001AbCdEIAV',
    ['__proto__']: 'a plain key'
  });
  const event: KazooCallEvent = {
    eventName: 'CHANNEL_DESTROY',
    callId: 'leg-1',
    msgId: '1795264800010000',
    timeMs: 1_795_264_800_010,
    channelCreatedTimeMs: 1_795_264_790_000,
    accountId: '3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21',
    callDirection: 'inbound',
    callerIdNumber: '+14155550142',
    callerIdName: 'Caller',
    calleeIdNumber: '1001',
    calleeIdName: 'Alice Archer',
    otherLegCallId: 'leg-2',
    request: '1001@acme.example.com',
    to: '1001@acme.example.com',
    from: '+14155550142@acme.example.com',
    presenceId: '1001@acme.example.com',
    channelName: 'sofia/sipinterface_1/alice',
    isLoopback: true,
    callForward: true,
    disposition: 'ANSWER',
    hangupCause: 'NORMAL_CLEARING',
    hangupCode: 'sip:200',
    billingSeconds: 42,
    durationSeconds: 50,
    ringingSeconds: 8,
    ownerId: '8f3c2a1b4d5e6f708192a3b4c5d6e7f1',
    bridgeId: 'bridge-1',
    interactionId: '63962484000-c3d4e5f6',
    authorizingId: 'device-1',
    authorizingType: 'device',
    inception: 'onnet',
    resourceId: 'carrier-1',
    resourceType: 'offnet-termination',
    globalResource: false,
    username: 'alice-soft',
    referredBy: '<sip:1002@acme.example.com>',
    mediaRecordings: ['rec-1', 'rec-2'],
    applicationVars
  };
  const decoded = decodeInboxEvent(JSON.parse(encodeInboxEvent(event)));
  assert.deepStrictEqual(decoded, event);
  assert.equal(Object.getPrototypeOf(decoded?.applicationVars), null);
  assert.equal(decoded?.applicationVars['__proto__'], 'a plain key');
});

test('a stored form this version does not know is not read as an event', () => {
  assert.equal(decodeInboxEvent([2, 'CHANNEL_CREATE']), null, 'a later form number');
  assert.equal(decodeInboxEvent({ name: 'CHANNEL_CREATE' }), null, 'a frame is not a stored form');
});

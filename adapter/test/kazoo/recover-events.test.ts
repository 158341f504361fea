import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { correlateEvent, createCorrelatorState, flushAll } from '../../src/core/correlate-call.ts';
import { normalizeEvent } from '../../src/core/normalize-event.ts';
import { createKazooProvider } from '../../src/kazoo/kazoo-provider.ts';
import { ACCOUNT, API_KEY, FakeKazoo } from './fake-kazoo.ts';

const GREGORIAN = 62167219200;
const START_S = 1795251600; // 2026-11-21T09:00:00Z
const ALICE = '8f3c2a1b4d5e6f708192a3b4c5d6e7f1';
const ENDED = '63962470800-1a2b3c4d';
const LIVE = '63962470900-2b3c4d5e';
const account = `/v2/accounts/${ACCOUNT}`;
const ccv = { account_id: ACCOUNT };

const us = (unixSeconds: number, micros = 0): string => String(unixSeconds * 1_000_000 + micros);

// Alice's outbound PSTN call, made and ended while the socket was down, as /cdrs/legs serves its
// legs: full CDR documents (the CHANNEL_DESTROY event as saved), so `timestamp` and `msg_id`
// are the END, the start is `channel_created_time`, the direction `call_direction`, the
// interaction id at the top level and no longer in the CCVs (cdr_channel_destroy.erl).
const cdrDocuments = [
  {
    _id: '202611-cdr-a-leg',
    call_id: 'cdr-a-leg',
    call_direction: 'inbound',
    caller_id_number: '101',
    caller_id_name: 'Alice Archer',
    request: '+14155550142@acme.kazoo.test',
    to: '+14155550142@acme.kazoo.test',
    channel_created_time: us(START_S + 1),
    msg_id: us(START_S + 66, 250_000),
    timestamp: START_S + 66 + GREGORIAN,
    duration_seconds: 65,
    billing_seconds: 60,
    hangup_cause: 'NORMAL_CLEARING',
    interaction_id: ENDED,
    custom_channel_vars: {
      ...ccv,
      owner_id: ALICE,
      authorizing_id: 'd1a0c2e4b5d6478899aabbccddee0101',
      authorizing_type: 'device'
    },
    custom_application_vars: { sf_related_record_id: '003000000000001AAA' }
  },
  {
    _id: '202611-cdr-b-leg',
    call_id: 'cdr-b-leg',
    call_direction: 'outbound',
    caller_id_number: '+14155550101',
    callee_id_number: '+14155550142',
    other_leg_call_id: 'cdr-a-leg',
    request: '+14155550142@carrier.example.net',
    channel_created_time: us(START_S + 2),
    msg_id: us(START_S + 66, 300_000),
    timestamp: START_S + 66 + GREGORIAN,
    duration_seconds: 64,
    billing_seconds: 60,
    hangup_cause: 'NORMAL_CLEARING',
    interaction_id: ENDED,
    custom_channel_vars: {
      ...ccv,
      bridge_id: 'cdr-a-leg',
      resource_id: 'carrier-1',
      resource_type: 'offnet-termination',
      global_resource: 'true'
    },
    custom_application_vars: { sf_related_record_id: '003000000000001AAA' }
  }
];
// The listing for the gap window: ?COLUMNS only, no CCVs, no CAVs, no call_direction.
const listing = cdrDocuments.map((doc) => ({
  id: doc._id,
  call_id: doc.call_id,
  direction: doc.call_direction,
  timestamp: String(Number(doc.timestamp) - doc.duration_seconds),
  interaction_id: ENDED,
  owner_id: doc.call_id === 'cdr-a-leg' ? ALICE : '',
  authorizing_id: ''
}));
// A call still up after the gap, as /channels shows it.
const channels = [
  {
    uuid: 'live-b-leg',
    direction: 'outbound',
    answered: true,
    other_leg: 'live-a-leg',
    owner_id: ALICE,
    authorizing_type: 'device',
    caller_id_number: '+14155550177',
    timestamp: START_S + 100 + GREGORIAN,
    interaction_id: LIVE
  }
];

describe('Kazoo provider: recovering a gap', () => {
  let kazoo: FakeKazoo;
  before(async () => {
    kazoo = await new FakeKazoo().start();
    kazoo.routes.push((call) => {
      if (call.path === `${account}/channels`) return { status: 200, body: { data: channels } };
      if (call.path === `${account}/cdrs`) return { status: 200, body: { data: listing } };
      if (call.path === `${account}/cdrs/legs/${ENDED}`) return { status: 200, body: { data: cdrDocuments } };
      if (call.path.startsWith(`${account}/cdrs/legs/`)) return { status: 200, body: { data: [] } };
      return undefined;
    });
  });
  after(() => kazoo.stop());

  it('rebuilds a call made inside the gap from its full CDR documents: direction, owner, account, times, related record', async () => {
    const provider = createKazooProvider(
      { baseUrl: kazoo.baseUrl, websocketUrl: kazoo.websocketUrl, accountId: ACCOUNT, apiKey: API_KEY },
      pino({ level: 'silent' })
    );
    const gap = { startedAt: START_S * 1000 - 5000, endedAt: (START_S + 120) * 1000 };
    const first = await provider.recoverEvents(gap, []);
    const again = await provider.recoverEvents(gap, []);
    assert.deepEqual(again, first, 'msg_ids come from Kazoo timestamps, so a retry yields the same events');
    const cdrCall = kazoo.calls.find((c) => c.path === `${account}/cdrs`);
    assert.equal(cdrCall?.query.get('created_from'), String(START_S - 5 + GREGORIAN));

    let state = createCorrelatorState();
    const options = { defaultRegion: 'US' as const, graceMs: 0 };
    let duplicates = 0;
    for (const raw of [...first, ...again]) {
      const normalized = normalizeEvent(raw);
      assert.ok(normalized.ok, normalized.ok ? '' : normalized.reason);
      const result = correlateEvent(state, normalized.event, normalized.event.timeMs, options);
      state = result.state;
      if (result.duplicate) duplicates += 1;
    }
    assert.equal(duplicates, first.length);
    const records = flushAll(state, options).projections;
    const ended = records.find((r) => r.InteractionId__c === ENDED);
    assert.deepEqual(
      ended && [
        ended.CallId__c,
        ended.Direction__c,
        ended.Result__c,
        ended.ExternalNumber__c,
        ended.RingStartedAt__c,
        ended.AnsweredAt__c,
        ended.EndedAt__c,
        ended.TalkSeconds__c,
        ended.PbxAccountId__c,
        ended.RelatedRecordId__c
      ],
      [
        `${ENDED}:${ALICE}`,
        'Outbound',
        'Answered',
        '+14155550142',
        '2026-11-21T09:00:01.000Z', // Alice's leg's channel_created_time
        '2026-11-21T09:00:06.300Z', // the carrier leg's end (msg_id) less its 60 billed seconds
        '2026-11-21T09:01:06.300Z', // the last leg's end
        60,
        ACCOUNT,
        '003000000000001AAA'
      ]
    );
    const live = records.find((r) => r.InteractionId__c === LIVE);
    assert.equal(live?.Result__c, 'Answered', 'a live answered channel found after the gap counts as answered');
  });

  it('gives only what happened inside the gap for a call the stream showed before it', async () => {
    const provider = createKazooProvider(
      { baseUrl: kazoo.baseUrl, websocketUrl: kazoo.websocketUrl, accountId: ACCOUNT, apiKey: API_KEY },
      pino({ level: 'silent' })
    );
    // The socket dropped at 09:00:30, after both legs were created and answered (09:00:06.3).
    const gap = { startedAt: (START_S + 30) * 1000, endedAt: (START_S + 120) * 1000 };
    const events = (await provider.recoverEvents(gap, [ENDED])) as {
      call_id: string;
      event_name: string;
      msg_id: string;
    }[];
    const ofEnded = events.filter((e) => e.call_id.startsWith('cdr-'));
    assert.deepEqual(
      ofEnded.map((e) => [e.call_id, e.event_name, e.msg_id]).sort(),
      [
        ['cdr-a-leg', 'CHANNEL_DESTROY', us(START_S + 66, 250_000)],
        ['cdr-b-leg', 'CHANNEL_DESTROY', us(START_S + 66, 300_000)]
      ],
      'the DESTROYs keep the live msg_ids; the CREATEs and ANSWERs before the gap are not given again'
    );
  });

  it('a routine check never rebuilds finished calls from CDRs: only the exact DESTROY copies of open calls', async () => {
    const provider = createKazooProvider(
      { baseUrl: kazoo.baseUrl, websocketUrl: kazoo.websocketUrl, accountId: ACCOUNT, apiKey: API_KEY },
      pino({ level: 'silent' })
    );
    const window = { startedAt: START_S * 1000, endedAt: (START_S + 120) * 1000 };
    const forgotten = (await provider.recoverEvents(window, [], 'live')) as { call_id: string }[];
    assert.ok(
      forgotten.every((e) => !e.call_id.startsWith('cdr-')),
      'a call no longer open is not asked about'
    );
    const open = (await provider.recoverEvents(window, [ENDED], 'live')) as { event_name: string }[];
    assert.deepEqual(
      open.filter((e) => e.event_name !== 'CHANNEL_ANSWER' && e.event_name !== 'CHANNEL_CREATE').length,
      2
    );
    assert.ok(
      (open as { call_id: string; event_name: string }[])
        .filter((e) => e.call_id.startsWith('cdr-'))
        .every((e) => e.event_name === 'CHANNEL_DESTROY')
    );
  });

  it('a routine check gives in full a leg it lacks of a call it follows (its CREATE frame was lost)', async () => {
    const provider = createKazooProvider(
      { baseUrl: kazoo.baseUrl, websocketUrl: kazoo.websocketUrl, accountId: ACCOUNT, apiKey: API_KEY },
      pino({ level: 'silent' })
    );
    const window = { startedAt: (START_S + 110) * 1000, endedAt: (START_S + 120) * 1000 };
    const names = (events: unknown[]) =>
      (events as { call_id: string; event_name: string }[])
        .filter((e) => e.call_id === 'live-b-leg')
        .map((e) => e.event_name)
        .sort();
    const lacking = await provider.recoverEvents(window, [LIVE], 'live', ['live-a-leg']);
    assert.deepEqual(names(lacking), ['CHANNEL_ANSWER', 'CHANNEL_CREATE']);
    const create = (
      lacking as { call_id: string; event_name: string; custom_channel_vars: { owner_id?: string } }[]
    ).find((e) => e.call_id === 'live-b-leg' && e.event_name === 'CHANNEL_CREATE');
    assert.equal(create?.custom_channel_vars.owner_id, ALICE, 'with the fields /channels has');
    const holding = await provider.recoverEvents(window, [LIVE], 'live', ['live-a-leg', 'live-b-leg']);
    assert.deepEqual(names(holding), ['CHANNEL_ANSWER'], 'a leg it holds gets no CREATE again');
  });
});

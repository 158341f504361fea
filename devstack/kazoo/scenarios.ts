/**
 * The calls the simulator can play. Each scenario writes its legs and events into a CallScript
 * and states, from its own definition, what each agent's CallData__c record must end as.
 */
import type { CallDataProjection, CallResult, Direction } from '../../adapter/src/core/call-data.ts';
import { ACCOUNT_ID, EXTERNAL_NUMBERS, MAIN_NUMBER, RING_GROUP, USERS, userById, type SimUser } from './directory.ts';
import { toE164, type RandomSource } from './kazoo-format.ts';
import type { CallScript, Leg } from './call-script.ts';
import {
  carrierInboundLeg,
  carrierOutboundLeg,
  deviceALeg,
  deviceBLeg,
  loopbackPair,
  quickcallLeg,
  type Party
} from './leg-factory.ts';

export const SCENARIOS = [
  'inbound-user',
  'inbound-ring-group',
  'inbound-voicemail',
  'inbound-caller-hangup',
  'pickup',
  'blind-transfer',
  'outbound-answered',
  'outbound-busy',
  'outbound-no-answer',
  'outbound-failed',
  'click-to-dial',
  'internal'
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** The fields a scenario decides by definition; the rest depend on the adapter's rules. */
export type ExpectedCallData = Pick<
  CallDataProjection,
  | 'CallId__c'
  | 'InteractionId__c'
  | 'Direction__c'
  | 'Status__c'
  | 'Result__c'
  | 'ExternalNumber__c'
  | 'FromNumber__c'
  | 'ToNumber__c'
  | 'PbxUserId__c'
  | 'Extension__c'
  | 'PbxAccountId__c'
  | 'Source__c'
  | 'TalkSeconds__c'
  | 'RecordingId__c'
  | 'HasRecording__c'
  | 'RelatedRecordId__c'
>;

export interface ScenarioParams {
  /** The agent the call is about: callee, caller, transferor, or the user whose phone was picked up. */
  agentId?: string;
  /** The second agent: who picks up, the transfer target, the internal callee, the ring-group winner. */
  otherAgentId?: string | null;
  /** The outside party (inbound caller or outbound destination); defaults to a sample contact's number. */
  externalNumber?: string;
  ringSeconds?: number;
  talkSeconds?: number;
  /** Record answered calls (default true). */
  record?: boolean;
  customApplicationVars?: Record<string, string>;
  /** internal: dial the colleague's DID instead of the extension, so stepswitch makes loopback legs. */
  dialDid?: boolean;
}

export interface ScenarioContext {
  script: CallScript;
  random: RandomSource;
  params: ScenarioParams;
  /** The custom application var that carries the Salesforce record id of a click-to-dial. */
  relatedRecordCav: string;
}

type Truth = Omit<ExpectedCallData, 'CallId__c' | 'InteractionId__c' | 'PbxUserId__c' | 'Extension__c'>;

function expect(script: CallScript, user: SimUser, t: Partial<Truth> & { Direction__c: Direction }): ExpectedCallData {
  const recordingId = t.RecordingId__c ?? null;
  return {
    CallId__c: `${script.interactionId}:${user.id}`,
    InteractionId__c: script.interactionId,
    Status__c: 'Ended',
    Result__c: t.Result__c ?? null,
    ExternalNumber__c: t.ExternalNumber__c ?? null,
    FromNumber__c: t.FromNumber__c ?? null,
    ToNumber__c: t.ToNumber__c ?? null,
    PbxUserId__c: user.id,
    Extension__c: user.extension,
    PbxAccountId__c: ACCOUNT_ID,
    Source__c: 'kazoo',
    TalkSeconds__c: t.TalkSeconds__c ?? 0,
    RecordingId__c: recordingId,
    HasRecording__c: recordingId !== null,
    RelatedRecordId__c: t.RelatedRecordId__c ?? null,
    Direction__c: t.Direction__c
  };
}

function agent(id: string | null | undefined, fallback: SimUser): SimUser {
  return (id ? userById(id) : undefined) ?? fallback;
}

function firstUser(): SimUser {
  const user = USERS[0];
  if (!user) throw new Error('the simulated account has no users');
  return user;
}

function primaryDevice(user: SimUser) {
  const device = user.devices[0];
  if (!device) throw new Error(`user ${user.id} has no device`);
  return device;
}

function caller(ctx: ScenarioContext): Party {
  const known = EXTERNAL_NUMBERS.find((n) => n.number === ctx.params.externalNumber);
  if (known) return known;
  if (ctx.params.externalNumber) return { number: toE164(ctx.params.externalNumber), name: 'UNKNOWN CALLER' };
  return ctx.random.pick(EXTERNAL_NUMBERS);
}

/** Rings every device of `users` from `aLeg`; returns the B-legs in creation order. */
function ringUsers(ctx: ScenarioContext, aLeg: Leg, users: SimUser[], atS: number): Map<Leg, SimUser> {
  const legs = new Map<Leg, SimUser>();
  for (const user of users) {
    for (const dev of user.devices) {
      const leg = deviceBLeg(ctx.script, ctx.random, aLeg, user, dev);
      ctx.script.create(leg, atS);
      legs.set(leg, user);
    }
  }
  return legs;
}

/** The winner answers at `atS`; the A-leg answers and bridges; every other ringing leg loses the race. */
function answerWith(ctx: ScenarioContext, aLeg: Leg, ringing: Map<Leg, SimUser>, winner: Leg, atS: number) {
  ctx.script.enterPhase('answered');
  ctx.script.answer(winner, atS);
  if (aLeg.answeredAt === undefined) ctx.script.answer(aLeg, atS);
  ctx.script.bridge(aLeg, winner, atS);
  for (const leg of ringing.keys()) if (leg !== winner) ctx.script.destroy(leg, atS, 'LOSE_RACE');
}

function hangUp(ctx: ScenarioContext, legs: Leg[], atS: number, recorded?: Leg, recordFromS = 0, origin = '') {
  ctx.script.enterPhase('ended');
  const recordingId =
    recorded && ctx.params.record !== false ? ctx.script.record(recorded, recordFromS, atS, origin) : null;
  for (const leg of legs)
    ctx.script.destroy(leg, atS, 'NORMAL_CLEARING', leg === recorded && recordingId ? [recordingId] : []);
  return recordingId;
}

function inbound(ctx: ScenarioContext, users: SimUser[], did: string, winnerUser: SimUser | null) {
  const { script, params } = ctx;
  const ring = params.ringSeconds ?? 4;
  const talk = params.talkSeconds ?? 12;
  const from = caller(ctx);
  const aLeg = carrierInboundLeg(script, ctx.random, from, did);
  script.create(aLeg, 0);
  script.route(aLeg);
  const ringing = ringUsers(ctx, aLeg, users, 1);
  const base = {
    Direction__c: 'Inbound' as const,
    ExternalNumber__c: from.number,
    FromNumber__c: from.number,
    ToNumber__c: did
  };
  if (!winnerUser) {
    script.enterPhase('ended');
    for (const leg of ringing.keys()) script.destroy(leg, 1 + ring, 'NO_ANSWER');
    script.destroy(aLeg, 2 + ring, 'ORIGINATOR_CANCEL');
    return users.map((u) => expect(script, u, { ...base, Result__c: 'Missed' }));
  }
  const winner = [...ringing].find(([, u]) => u === winnerUser)?.[0];
  if (!winner) throw new Error('the winner must be one of the rung users');
  const answeredAt = 1 + ring;
  answerWith(ctx, aLeg, ringing, winner, answeredAt);
  const recordingId = hangUp(
    ctx,
    [winner, aLeg],
    answeredAt + talk,
    winner,
    answeredAt,
    'inbound from offnet to endpoint'
  );
  return users.map((u) =>
    u === winnerUser
      ? expect(script, u, { ...base, Result__c: 'Answered', TalkSeconds__c: talk, RecordingId__c: recordingId })
      : expect(script, u, { ...base, Result__c: 'AnsweredElsewhere' })
  );
}

function inboundUnanswered(ctx: ScenarioContext, voicemail: boolean): ExpectedCallData[] {
  const { script, params } = ctx;
  const user = agent(params.agentId, firstUser());
  const ring = params.ringSeconds ?? 4;
  const from = caller(ctx);
  const aLeg = carrierInboundLeg(script, ctx.random, from, user.did);
  script.create(aLeg, 0);
  script.route(aLeg);
  const ringing = ringUsers(ctx, aLeg, [user], 1);
  if (voicemail) {
    // Nobody answered: the ring timeout ends the B-legs, then voicemail answers the A-leg.
    for (const leg of ringing.keys()) script.destroy(leg, 1 + ring, 'NO_ANSWER');
    script.enterPhase('answered');
    script.answer(aLeg, 2 + ring);
    script.enterPhase('ended');
    script.destroy(aLeg, 2 + ring + (params.talkSeconds ?? 8), 'NORMAL_CLEARING');
  } else {
    script.enterPhase('ended');
    script.destroy(aLeg, 1 + ring, 'ORIGINATOR_CANCEL');
    for (const leg of ringing.keys()) script.destroy(leg, 1 + ring, 'ORIGINATOR_CANCEL');
  }
  return [
    expect(script, user, {
      Direction__c: 'Inbound',
      Result__c: 'Missed',
      ExternalNumber__c: from.number,
      FromNumber__c: from.number,
      ToNumber__c: user.did
    })
  ];
}

/** Bob dials the intercept code while Alice's phones ring: her legs end PICKED_OFF, his leg joins the call. */
function pickup(ctx: ScenarioContext): ExpectedCallData[] {
  const { script, params, random } = ctx;
  const victim = agent(params.agentId, firstUser());
  const picker = agent(params.otherAgentId, USERS.find((u) => u !== victim) ?? firstUser());
  const ring = params.ringSeconds ?? 4;
  const talk = params.talkSeconds ?? 12;
  const from = caller(ctx);
  const aLeg = carrierInboundLeg(script, random, from, victim.did);
  script.create(aLeg, 0);
  script.route(aLeg);
  const ringing = ringUsers(ctx, aLeg, [victim], 1);
  const pickerLeg = deviceALeg(script, random, picker, primaryDevice(picker), `*8${victim.extension}`);
  script.create(pickerLeg, 1 + ring);
  script.route(pickerLeg);
  pickerLeg.spec.direction = 'outbound'; // Application-Logical-Direction after the intercept
  const at = 2 + ring;
  script.enterPhase('answered');
  script.answer(pickerLeg, at);
  script.answer(aLeg, at);
  script.bridge(aLeg, pickerLeg, at);
  for (const leg of ringing.keys()) script.destroy(leg, at, 'PICKED_OFF');
  const recordingId = hangUp(ctx, [pickerLeg, aLeg], at + talk, pickerLeg, at, 'inbound from offnet to endpoint');
  const base = {
    Direction__c: 'Inbound' as const,
    ExternalNumber__c: from.number,
    FromNumber__c: from.number,
    ToNumber__c: victim.did
  };
  return [
    expect(script, victim, { ...base, Result__c: 'AnsweredElsewhere' }),
    expect(script, picker, { ...base, Result__c: 'Answered', TalkSeconds__c: talk, RecordingId__c: recordingId })
  ];
}

/** Alice answers, talks, then blind-transfers to Bob: her leg ends BLIND_TRANSFER, a new B-leg rings Bob. */
function blindTransfer(ctx: ScenarioContext): ExpectedCallData[] {
  const { script, params, random } = ctx;
  const first = agent(params.agentId, firstUser());
  const second = agent(params.otherAgentId, USERS.find((u) => u !== first) ?? firstUser());
  const ring = params.ringSeconds ?? 4;
  const talk = params.talkSeconds ?? 12;
  const from = caller(ctx);
  const aLeg = carrierInboundLeg(script, random, from, first.did);
  script.create(aLeg, 0);
  script.route(aLeg);
  const ringing = ringUsers(ctx, aLeg, [first], 1);
  const firstLeg = [...ringing.keys()][0] as Leg;
  answerWith(ctx, aLeg, ringing, firstLeg, 1 + ring);
  const transferAt = 1 + ring + talk;
  const firstRecording =
    params.record !== false ? script.record(firstLeg, 1 + ring, transferAt, 'inbound from offnet to endpoint') : null;
  script.destroy(firstLeg, transferAt, 'BLIND_TRANSFER', firstRecording ? [firstRecording] : []);
  const secondLeg = deviceBLeg(script, random, aLeg, second, primaryDevice(second));
  secondLeg.ccv.referred_by = `<sip:${primaryDevice(first).sipUsername}@${String(aLeg.ccv.realm)}>`;
  script.create(secondLeg, transferAt);
  const secondAnswer = transferAt + 3;
  script.answer(secondLeg, secondAnswer);
  script.bridge(aLeg, secondLeg, secondAnswer);
  const secondRecording = hangUp(
    ctx,
    [secondLeg, aLeg],
    secondAnswer + talk,
    secondLeg,
    secondAnswer,
    'inbound from offnet to endpoint'
  );
  const base = {
    Direction__c: 'Inbound' as const,
    ExternalNumber__c: from.number,
    FromNumber__c: from.number,
    ToNumber__c: first.did,
    Result__c: 'Answered' as const,
    TalkSeconds__c: talk
  };
  return [
    expect(script, first, { ...base, RecordingId__c: firstRecording }),
    expect(script, second, { ...base, RecordingId__c: secondRecording })
  ];
}

const OUTBOUND_ENDINGS: Record<string, { cause: string; result: CallResult; afterS: number }> = {
  'outbound-busy': { cause: 'USER_BUSY', result: 'Busy', afterS: 2 },
  'outbound-no-answer': { cause: 'NO_ANSWER', result: 'NoAnswer', afterS: 8 },
  'outbound-failed': { cause: 'NORMAL_TEMPORARY_FAILURE', result: 'Failed', afterS: 1 }
};

function outbound(ctx: ScenarioContext, name: ScenarioName): ExpectedCallData[] {
  const { script, params, random } = ctx;
  const user = agent(params.agentId, firstUser());
  const number = caller(ctx).number;
  const aLeg = deviceALeg(script, random, user, primaryDevice(user), number);
  script.create(aLeg, 0);
  script.route(aLeg);
  const bLeg = carrierOutboundLeg(script, random, aLeg, user, number);
  script.create(bLeg, 1);
  const base = {
    Direction__c: 'Outbound' as const,
    ExternalNumber__c: number,
    FromNumber__c: user.did,
    ToNumber__c: number
  };
  const ending = OUTBOUND_ENDINGS[name];
  if (ending) {
    script.enterPhase('ended');
    script.destroy(bLeg, 1 + ending.afterS, ending.cause);
    script.destroy(aLeg, 1 + ending.afterS, ending.cause);
    return [expect(script, user, { ...base, Result__c: ending.result })];
  }
  const answeredAt = 1 + (params.ringSeconds ?? 4);
  const talk = params.talkSeconds ?? 12;
  answerWith(ctx, aLeg, new Map([[bLeg, user]]), bLeg, answeredAt);
  const recordingId = hangUp(ctx, [bLeg, aLeg], answeredAt + talk, aLeg, answeredAt, 'outbound to offnet from account');
  return [expect(script, user, { ...base, Result__c: 'Answered', TalkSeconds__c: talk, RecordingId__c: recordingId })];
}

/** Quickcall: the user's phone is rung (and auto-answers), then the callflow dials the number. */
function clickToDial(ctx: ScenarioContext): ExpectedCallData[] {
  const { script, params, random } = ctx;
  const user = agent(params.agentId, firstUser());
  const number = caller(ctx).number;
  const cav = params.customApplicationVars ?? {};
  const qLeg = quickcallLeg(script, random, user, primaryDevice(user), number, cav);
  script.create(qLeg, 0);
  script.answer(qLeg, 1);
  const bLeg = carrierOutboundLeg(script, random, qLeg, user, number);
  script.create(bLeg, 1);
  const answeredAt = 1 + (params.ringSeconds ?? 4);
  const talk = params.talkSeconds ?? 12;
  answerWith(ctx, qLeg, new Map([[bLeg, user]]), bLeg, answeredAt);
  const recordingId = hangUp(ctx, [bLeg, qLeg], answeredAt + talk, qLeg, answeredAt, 'outbound to offnet from account');
  return [
    expect(script, user, {
      Direction__c: 'Outbound',
      Result__c: 'Answered',
      ExternalNumber__c: number,
      FromNumber__c: user.did,
      ToNumber__c: number,
      TalkSeconds__c: talk,
      RecordingId__c: recordingId,
      RelatedRecordId__c: cav[ctx.relatedRecordCav] ?? null
    })
  ];
}

/** One agent calls another by extension, or by DID (then stepswitch loops the call back through loopback legs). */
function internal(ctx: ScenarioContext): ExpectedCallData[] {
  const { script, params, random } = ctx;
  const from = agent(params.agentId, firstUser());
  const to = agent(params.otherAgentId, USERS.find((u) => u !== from) ?? firstUser());
  const dialed = params.dialDid ? to.did : to.extension;
  const aLeg = deviceALeg(script, random, from, primaryDevice(from), dialed);
  script.create(aLeg, 0);
  script.route(aLeg);
  let calleeParent = aLeg;
  const loops: Leg[] = [];
  if (params.dialDid) {
    const [out, back] = loopbackPair(script, random, aLeg, dialed);
    script.create(out, 0.5);
    script.create(back, 0.5);
    loops.push(out, back);
    calleeParent = back;
  }
  const ringing = ringUsers(ctx, calleeParent, [to], 1);
  const winner = [...ringing.keys()][0] as Leg;
  const answeredAt = 1 + (params.ringSeconds ?? 4);
  const talk = params.talkSeconds ?? 12;
  answerWith(ctx, calleeParent, ringing, winner, answeredAt);
  const [out, back] = loops;
  if (out && back) {
    script.answer(out, answeredAt);
    script.answer(aLeg, answeredAt);
    script.bridge(aLeg, out, answeredAt);
  }
  hangUp(ctx, [winner, ...loops.reverse(), aLeg], answeredAt + talk);
  const base = {
    Direction__c: 'Internal' as const,
    Result__c: 'Answered' as const,
    FromNumber__c: from.extension,
    ToNumber__c: dialed,
    TalkSeconds__c: talk
  };
  return [
    expect(script, from, { ...base, ExternalNumber__c: dialed }),
    expect(script, to, { ...base, ExternalNumber__c: from.extension })
  ];
}

/** Writes the scenario into `ctx.script`; returns each agent's expected final record. */
export function buildScenario(name: ScenarioName, ctx: ScenarioContext): ExpectedCallData[] {
  const { params } = ctx;
  switch (name) {
    case 'inbound-user': {
      const user = agent(params.agentId, firstUser());
      return inbound(ctx, [user], user.did, user);
    }
    case 'inbound-ring-group': {
      const members = RING_GROUP.memberIds.map((id) => userById(id)).filter((u): u is SimUser => u !== undefined);
      const winner = params.otherAgentId === null ? null : agent(params.otherAgentId, ctx.random.pick(members));
      return inbound(ctx, members, MAIN_NUMBER, winner);
    }
    case 'inbound-voicemail':
      return inboundUnanswered(ctx, true);
    case 'inbound-caller-hangup':
      return inboundUnanswered(ctx, false);
    case 'pickup':
      return pickup(ctx);
    case 'blind-transfer':
      return blindTransfer(ctx);
    case 'click-to-dial':
      return clickToDial(ctx);
    case 'internal':
      return internal(ctx);
    default:
      return outbound(ctx, name);
  }
}

/** Calls that come in from the PSTN: to a user, a ring group, voicemail, hung up, picked up, transferred. */
import type { SimUser } from './directory.ts';
import { USERS } from './directory.ts';
import type { Leg } from './call-script.ts';
import { carrierInboundLeg, deviceALeg, deviceBLeg } from './leg-factory.ts';
import type { ExpectedCallData, ScenarioContext } from './scenarios.ts';
import {
  agent,
  answerWith,
  caller,
  expectRecord,
  firstUser,
  hangUp,
  primaryDevice,
  ringUsers
} from './scenario-steps.ts';

/** A carrier call to `did` ringing every device of `users`; `winnerUser` answers, or nobody does. */
export function inbound(ctx: ScenarioContext, users: SimUser[], did: string, winnerUser: SimUser | null) {
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
    return users.map((u) => expectRecord(script, u, { ...base, Result__c: 'Missed' }));
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
      ? expectRecord(script, u, { ...base, Result__c: 'Answered', TalkSeconds__c: talk, RecordingId__c: recordingId })
      : expectRecord(script, u, { ...base, Result__c: 'AnsweredElsewhere' })
  );
}

/** Nobody answers the agent: voicemail takes the call, or the caller hangs up while it rings. */
export function inboundUnanswered(ctx: ScenarioContext, voicemail: boolean): ExpectedCallData[] {
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
    expectRecord(script, user, {
      Direction__c: 'Inbound',
      Result__c: 'Missed',
      ExternalNumber__c: from.number,
      FromNumber__c: from.number,
      ToNumber__c: user.did
    })
  ];
}

/** Bob dials the intercept code while Alice's phones ring: her legs end PICKED_OFF, his leg joins the call. */
export function pickup(ctx: ScenarioContext): ExpectedCallData[] {
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
    expectRecord(script, victim, { ...base, Result__c: 'AnsweredElsewhere' }),
    expectRecord(script, picker, { ...base, Result__c: 'Answered', TalkSeconds__c: talk, RecordingId__c: recordingId })
  ];
}

/** Alice answers, talks, then blind-transfers to Bob: her leg ends BLIND_TRANSFER, a new B-leg rings Bob. */
export function blindTransfer(ctx: ScenarioContext): ExpectedCallData[] {
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
    expectRecord(script, first, { ...base, RecordingId__c: firstRecording }),
    expectRecord(script, second, { ...base, RecordingId__c: secondRecording })
  ];
}

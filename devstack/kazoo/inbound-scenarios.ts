/** Calls that come in from the PSTN: to a user, a ring group, a forwarded cell phone, voicemail, hung up. */
import type { SimUser } from './directory.ts';
import { carrierInboundLeg, forwardedCellLegs, type Party } from './leg-factory.ts';
import type { ExpectedCallData, ScenarioContext } from './scenarios.ts';
import { agent, answerWith, caller, expectRecord, firstUser, hangUp, ringUsers } from './scenario-steps.ts';

/** The longest FromName__c / ExternalNumber__c can hold (CallData__c field metadata; Phone fields are 40). */
const NAME_FIELD_LENGTH = 255;
const NUMBER_FIELD_LENGTH = 40;

/** A caller as the record must show it: no number and "Private number" when the caller id is withheld. */
function shownCaller(from: Party) {
  const withheld = /^(anonymous|restricted|unknown|private|unavailable|0+)?$/i.test(from.number.replace(/^\+/, ''));
  if (withheld) return { ExternalNumber__c: null, FromNumber__c: null, FromName__c: 'Private number' };
  const number = from.number.slice(0, NUMBER_FIELD_LENGTH);
  return { ExternalNumber__c: number, FromNumber__c: number, FromName__c: from.name.slice(0, NAME_FIELD_LENGTH) };
}

/** A carrier call to `did` ringing every device of `users`; `winnerUser` answers, or nobody does. */
export function inbound(
  ctx: ScenarioContext,
  users: SimUser[],
  did: string,
  winnerUser: SimUser | null,
  from: Party = caller(ctx)
) {
  const { script, params } = ctx;
  const ring = params.ringSeconds ?? 4;
  const talk = params.talkSeconds ?? 12;
  const aLeg = carrierInboundLeg(script, ctx.random, from, did);
  script.create(aLeg, 0);
  script.route(aLeg);
  const ringing = ringUsers(ctx, aLeg, users, 1);
  const base = {
    Direction__c: 'Inbound' as const,
    ...shownCaller(from),
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

/**
 * Alice's desk phone rings and her call-forward sends the call to her cell phone at the same
 * time; she answers on the cell. The forward is a loopback leg with her owner id, its `-b` half
 * dials the carrier (kz_endpoint.erl create_call_fwd_endpoint/3). Her desk phone loses the race.
 */
export function inboundForwardedCell(ctx: ScenarioContext): ExpectedCallData[] {
  const { script, params, random } = ctx;
  const user = agent(params.agentId, firstUser());
  const ring = params.ringSeconds ?? 4;
  const talk = params.talkSeconds ?? 12;
  const from = caller(ctx);
  const aLeg = carrierInboundLeg(script, random, from, user.did);
  script.create(aLeg, 0);
  script.route(aLeg);
  const desk = ringUsers(ctx, aLeg, [user], 1);
  const { forward, routed, carrier } = forwardedCellLegs(script, random, aLeg, user, CELL_NUMBER);
  script.create(forward, 1);
  script.create(routed, 1);
  script.route(routed);
  script.create(carrier, 1.5);
  const answeredAt = 1 + ring;
  script.enterPhase('answered');
  // The cell answers; the loopback answers both halves, and the A-leg bridges to the forward leg.
  script.answer(carrier, answeredAt);
  script.answer(routed, answeredAt);
  answerWith(ctx, aLeg, new Map([...desk, [forward, user]]), forward, answeredAt);
  script.bridge(routed, carrier, answeredAt);
  hangUp(ctx, [carrier, routed, forward, aLeg], answeredAt + talk);
  return [
    expectRecord(script, user, {
      Direction__c: 'Inbound',
      Result__c: 'Answered',
      ExternalNumber__c: from.number,
      FromNumber__c: from.number,
      ToNumber__c: user.did,
      TalkSeconds__c: talk
    })
  ];
}

/** The cell phone Alice's calls are forwarded to. */
export const CELL_NUMBER = '+14155550199';

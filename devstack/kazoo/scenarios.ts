/**
 * The calls the simulator can play. Each scenario writes its legs and events into a CallScript
 * and states, from its own definition, what each agent's CallData__c record must end as.
 */
import type { CallDataProjection } from '../../adapter/src/core/call-data.ts';
import { MAIN_NUMBER, RING_GROUP, userById, type SimUser } from './directory.ts';
import type { RandomSource } from './kazoo-format.ts';
import type { CallScript } from './call-script.ts';
import { attendedTransfer, blindTransfer, pickup } from './handover-scenarios.ts';
import { inbound, inboundForwardedCell, inboundUnanswered } from './inbound-scenarios.ts';
import { clickToDial, internal, outbound } from './outbound-scenarios.ts';
import { agent, firstUser } from './scenario-steps.ts';

export const SCENARIOS = [
  'inbound-user',
  'inbound-ring-group',
  'inbound-voicemail',
  'inbound-caller-hangup',
  'inbound-forwarded-cell',
  'inbound-anonymous',
  'inbound-oversized-caller-id',
  'pickup',
  'blind-transfer',
  'attended-transfer',
  'outbound-answered',
  'outbound-busy',
  'outbound-no-answer',
  'outbound-failed',
  'click-to-dial',
  'click-to-dial-unanswered',
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
> &
  /** Stated only by scenarios about the caller's name (withheld or oversized caller ids), and by live calls (hold). */
  Partial<Pick<CallDataProjection, 'FromName__c' | 'HoldSeconds__c'>>;

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
    case 'inbound-forwarded-cell':
      return inboundForwardedCell(ctx);
    case 'inbound-anonymous': {
      // A withheld caller id as Kazoo presents it (kz_privacy.erl DEFAULT_ANONYMOUS_NUMBER / _NAME).
      const user = agent(params.agentId, firstUser());
      return inbound(ctx, [user], user.did, user, { number: 'anonymous', name: 'Anonymous' });
    }
    case 'inbound-oversized-caller-id': {
      // Kazoo passes the carrier's caller id through unchanged; nothing bounds its length.
      const user = agent(params.agentId, firstUser());
      const name = `${'Very Long Caller Name '.repeat(15)}End`;
      return inbound(ctx, [user], user.did, user, { number: `+1415555014${'2'.repeat(52)}`, name });
    }
    case 'pickup':
      return pickup(ctx);
    case 'blind-transfer':
      return blindTransfer(ctx);
    case 'attended-transfer':
      return attendedTransfer(ctx);
    case 'click-to-dial':
      return clickToDial(ctx);
    case 'click-to-dial-unanswered':
      return clickToDial(ctx, false);
    case 'internal':
      return internal(ctx);
    default:
      return outbound(ctx, name);
  }
}

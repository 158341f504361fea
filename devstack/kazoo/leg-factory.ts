/**
 * The kinds of legs Kazoo makes, with the channel vars each carries: a carrier leg coming in,
 * a leg to or from a user's device, a leg out to the carrier, a quickcall leg, loopback legs.
 */
import { ACCOUNT_REALM, CARRIER, type SimDevice, type SimUser } from './directory.ts';
import { newCarrierCallId, newQuickcallId, newUuid, type RandomSource } from './kazoo-format.ts';
import type { CallScript, Leg } from './call-script.ts';

export interface Party {
  number: string;
  name: string;
}

/** "First Last", as Kazoo shows a user in caller id names. */
export function fullName(user: SimUser): string {
  return `${user.firstName} ${user.lastName}`;
}

/**
 * A call from the PSTN to one of the account's DIDs. Its CREATE carries only the account id
 * (blackhole finds it from the dialled number, kz_hooks_util:set_account_id); authorizing_type
 * resource, inception and the resource ids are set when stepswitch routes it
 * (stepswitch_inbound.erl handle_req → maybe_find_resource/add_resource_id/set_inception).
 */
export function carrierInboundLeg(script: CallScript, random: RandomSource, caller: Party, did: string): Leg {
  return script.leg({
    callId: newCarrierCallId(random, CARRIER.host),
    direction: 'inbound',
    channelName: `sofia/sipinterface_1/${did}@${CARRIER.host}`,
    callerIdName: caller.name,
    callerIdNumber: caller.number,
    calleeIdName: '',
    calleeIdNumber: did,
    fromUser: caller.number,
    toUser: did,
    requestUser: did,
    ccv: {},
    routedCcv: {
      authorizing_type: 'resource',
      resource_id: CARRIER.resourceId,
      resource_type: 'offnet-origination',
      global_resource: 'false',
      inception: `${did}@${ACCOUNT_REALM}`
    }
  });
}

/** A B-leg ringing one device: it points at the A-leg (bridge id) from its first event. */
export function deviceBLeg(script: CallScript, random: RandomSource, aLeg: Leg, user: SimUser, dev: SimDevice): Leg {
  const inception = aLeg.ccv.inception;
  return script.leg({
    callId: newUuid(random),
    direction: 'outbound',
    channelName: `sofia/sipinterface_1/${dev.sipUsername}@${ACCOUNT_REALM}`,
    callerIdName: aLeg.spec.callerIdName,
    callerIdNumber: aLeg.spec.callerIdNumber,
    calleeIdName: fullName(user),
    calleeIdNumber: user.extension,
    fromUser: aLeg.spec.callerIdNumber,
    toUser: dev.sipUsername,
    requestUser: dev.sipUsername,
    presenceId: `${user.extension}@${ACCOUNT_REALM}`,
    bridgeId: aLeg.spec.callId,
    ccv: {
      owner_id: user.id,
      authorizing_id: dev.id,
      authorizing_type: 'device',
      username: dev.sipUsername,
      ...(inception ? { inception } : {}),
      ...(aLeg.ccv.call_interaction_id ? { call_interaction_id: aLeg.ccv.call_interaction_id } : {})
    }
  });
}

/** A leg started by a user's phone (an A-leg: outbound, internal, or a pickup feature code). */
export function deviceALeg(script: CallScript, random: RandomSource, user: SimUser, dev: SimDevice, dialed: string) {
  return script.leg({
    callId: newUuid(random),
    direction: 'inbound',
    channelName: `sofia/sipinterface_1/${dev.sipUsername}@${ACCOUNT_REALM}`,
    callerIdName: fullName(user),
    callerIdNumber: user.extension,
    calleeIdName: '',
    calleeIdNumber: dialed,
    fromUser: dev.sipUsername,
    toUser: dialed,
    requestUser: dialed,
    presenceId: `${user.extension}@${ACCOUNT_REALM}`,
    ccv: { owner_id: user.id, authorizing_id: dev.id, authorizing_type: 'device', username: dev.sipUsername }
  });
}

/** The leg out to the carrier, after stepswitch rewrote the caller id to the user's DID. */
export function carrierOutboundLeg(script: CallScript, random: RandomSource, aLeg: Leg, user: SimUser, number: string) {
  return script.leg({
    callId: newUuid(random),
    direction: 'outbound',
    channelName: `sofia/sipinterface_1/${number}@${CARRIER.host}`,
    callerIdName: fullName(user),
    callerIdNumber: user.did,
    calleeIdName: '',
    calleeIdNumber: number,
    fromUser: user.did,
    toUser: number,
    requestUser: number,
    host: CARRIER.host,
    bridgeId: aLeg.spec.callId,
    cav: aLeg.spec.cav,
    ccv: {
      authorizing_id: aLeg.ccv.authorizing_id,
      authorizing_type: aLeg.ccv.authorizing_type,
      resource_id: CARRIER.resourceId,
      resource_type: 'offnet-termination',
      global_resource: 'false'
    }
  });
}

/**
 * One originated leg of a user quickcall, ringing one of the user's devices, id `<36 hex>-quickcall`
 * (cb_quickcall.erl set_quickcall_outbound_call_id/1). Auto-answer only when the user has a single
 * device (cb_quickcall.erl update_quickcall_endpoints/2). The interaction id is set at originate
 * (ecallmgr_originate.erl, Call-Interaction-ID in the originate vars); the bridge id only once the
 * answered leg is transferred into the dialplan and routed (ecallmgr_fs_xml.erl route_resp_xml).
 */
export function quickcallLeg(
  script: CallScript,
  random: RandomSource,
  user: SimUser,
  dev: SimDevice,
  number: string,
  cav: Record<string, string>
): Leg {
  const callId = newQuickcallId(random);
  return script.leg({
    callId,
    direction: 'outbound',
    channelName: `sofia/sipinterface_1/${dev.sipUsername}@${ACCOUNT_REALM}`,
    callerIdName: 'Device QuickCall',
    callerIdNumber: number,
    calleeIdName: fullName(user),
    calleeIdNumber: user.extension,
    fromUser: number,
    toUser: dev.sipUsername,
    requestUser: dev.sipUsername,
    presenceId: `${user.extension}@${ACCOUNT_REALM}`,
    cav,
    ccv: {
      owner_id: user.id,
      authorizing_id: user.id,
      authorizing_type: 'user',
      retain_cid: 'true',
      inherit_codec: 'false',
      ...(user.devices.length === 1 ? { auto_answer: 'true' } : {}),
      username: dev.sipUsername,
      call_interaction_id: script.interactionId
    }
  });
}

/**
 * A user's call-forward (or SmartPBX cellphone) endpoint: a loopback channel that carries the
 * user's Owner-ID and Call-Forward "true" (kz_endpoint.erl create_call_fwd_endpoint/3,
 * maybe_set_owner_id/1, maybe_set_call_forward/1), dialled as `loopback/<number>/context_2`
 * (ecallmgr_util.erl build_channel, loopback invite format). Its `-b` half routes the number
 * through stepswitch, which dials the carrier.
 */
export function forwardedCellLegs(
  script: CallScript,
  random: RandomSource,
  aLeg: Leg,
  user: SimUser,
  cell: string
): { forward: Leg; routed: Leg; carrier: Leg } {
  const inception = aLeg.ccv.inception;
  const forward = script.leg({
    callId: newUuid(random),
    direction: 'outbound',
    channelName: `loopback/${cell}-a`,
    loopback: true,
    callerIdName: aLeg.spec.callerIdName,
    callerIdNumber: aLeg.spec.callerIdNumber,
    calleeIdName: fullName(user),
    calleeIdNumber: user.extension,
    fromUser: aLeg.spec.callerIdNumber,
    toUser: cell,
    requestUser: cell,
    presenceId: `${user.extension}@${ACCOUNT_REALM}`,
    bridgeId: aLeg.spec.callId,
    ccv: {
      owner_id: user.id,
      authorizing_id: user.devices[0]?.id,
      authorizing_type: 'device',
      call_forward: 'true',
      is_failover: 'false',
      call_forward_for_uuid: aLeg.spec.callId,
      ...(inception ? { inception } : {})
    }
  });
  const routed = script.leg({
    callId: newUuid(random),
    direction: 'inbound',
    channelName: `loopback/${cell}-b`,
    loopback: true,
    callerIdName: aLeg.spec.callerIdName,
    callerIdNumber: aLeg.spec.callerIdNumber,
    fromUser: aLeg.spec.callerIdNumber,
    toUser: cell,
    requestUser: cell,
    ccv: { resource_type: 'onnet-origination' }
  });
  routed.ccv.bridge_id = routed.spec.callId;
  routed.ccv.call_interaction_id = script.interactionId;
  const carrier = script.leg({
    callId: newUuid(random),
    direction: 'outbound',
    channelName: `sofia/sipinterface_1/${cell}@${CARRIER.host}`,
    callerIdName: aLeg.spec.callerIdName,
    callerIdNumber: aLeg.spec.callerIdNumber,
    calleeIdName: '',
    calleeIdNumber: cell,
    fromUser: aLeg.spec.callerIdNumber,
    toUser: cell,
    requestUser: cell,
    host: CARRIER.host,
    bridgeId: routed.spec.callId,
    ccv: { resource_id: CARRIER.resourceId, resource_type: 'offnet-termination', global_resource: 'false' }
  });
  return { forward, routed, carrier };
}

/** The two halves of a loopback channel stepswitch makes when a DID of this account is dialled. */
export function loopbackPair(script: CallScript, random: RandomSource, aLeg: Leg, did: string): [Leg, Leg] {
  const base = { callerIdName: aLeg.spec.callerIdName, callerIdNumber: aLeg.spec.callerIdNumber, loopback: true };
  const outbound = script.leg({
    ...base,
    callId: newUuid(random),
    direction: 'outbound',
    channelName: `loopback/${did}-a`,
    fromUser: aLeg.spec.callerIdNumber,
    toUser: did,
    requestUser: did,
    bridgeId: aLeg.spec.callId,
    ccv: { authorizing_type: 'device', authorizing_id: aLeg.ccv.authorizing_id, resource_type: 'onnet-termination' }
  });
  const inbound = script.leg({
    ...base,
    callId: newUuid(random),
    direction: 'inbound',
    channelName: `loopback/${did}-b`,
    fromUser: aLeg.spec.callerIdNumber,
    toUser: did,
    requestUser: did,
    ccv: { resource_type: 'onnet-origination' }
  });
  inbound.ccv.bridge_id = inbound.spec.callId;
  inbound.ccv.call_interaction_id = script.interactionId;
  return [outbound, inbound];
}

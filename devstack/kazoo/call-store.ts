/**
 * What crossbar can report about calls: live channels (legs created, not yet destroyed), one CDR
 * per destroyed leg, and recording documents once they are saved (a little after hangup).
 */
import { gregorianSeconds } from './kazoo-format.ts';
import type { RecordingDoc } from './call-script.ts';

export interface ChannelRow {
  uuid: string;
  [key: string]: unknown;
}

export class CallStore {
  readonly channels = new Map<string, ChannelRow>();
  readonly cdrs: Record<string, unknown>[] = [];
  readonly recordings = new Map<string, RecordingDoc>();
  /** Legs that were ever answered (the quickcall route asks after the leg may be gone). */
  private readonly answeredLegs = new Set<string>();

  /** Applies one generated event (delivered to sockets or not: the switch saw it either way). */
  apply(name: string, data: Record<string, unknown>, eventUnixMs: number): void {
    const callId = String(data.call_id);
    const ccv = (data.custom_channel_vars ?? {}) as Record<string, unknown>;
    if (name === 'CHANNEL_ANSWER') this.answeredLegs.add(callId);
    if (name === 'CHANNEL_DESTROY') {
      this.channels.delete(callId);
      return;
    }
    const previous = this.channels.get(callId);
    // ecallmgr_fs_channel_stream.erl channel_bridge/1 and channel_unbridge/1 set (or clear) other_leg
    // on both channels of the bridge; every other event carries the leg's current one.
    const otherLeg = typeof data.other_leg_call_id === 'string' ? data.other_leg_call_id : null;
    if (name === 'CHANNEL_BRIDGE' || name === 'CHANNEL_UNBRIDGE') {
      const partner = otherLeg ? this.channels.get(otherLeg) : undefined;
      if (partner) partner.other_leg = name === 'CHANNEL_BRIDGE' ? callId : null;
    }
    const row: ChannelRow = {
      uuid: callId,
      direction: data.call_direction,
      answered: name === 'CHANNEL_ANSWER' || previous?.answered === true,
      destination: typeof data.request === 'string' ? data.request.split('@')[0] : null,
      other_leg: name === 'CHANNEL_UNBRIDGE' ? null : otherLeg,
      owner_id: ccv.owner_id ?? null,
      authorizing_id: ccv.authorizing_id ?? null,
      authorizing_type: ccv.authorizing_type ?? null,
      username: ccv.username ?? null,
      presence_id: data.presence_id ?? null,
      caller_id_name: data.caller_id_name,
      caller_id_number: data.caller_id_number,
      callee_id_name: data.callee_id_name ?? null,
      callee_id_number: data.callee_id_number ?? null,
      timestamp: previous?.timestamp ?? gregorianSeconds(eventUnixMs),
      created_at_ms: previous?.created_at_ms ?? eventUnixMs,
      interaction_id: ccv.call_interaction_id ?? null,
      is_loopback: data.channel_is_loopback === true,
      // ecallmgr_fs_channel_hold.erl process_specific_event/4 updates #channel.is_onhold on HOLD/UNHOLD.
      is_onhold: name === 'CHANNEL_HOLD' ? true : name === 'CHANNEL_UNHOLD' ? false : previous?.is_onhold === true,
      callflow_id: ccv.callflow_id ?? null,
      custom_application_vars: data.custom_application_vars ?? {}
    };
    this.channels.set(callId, row);
  }

  /** Channels as `GET /channels` lists them; `elapsed_s` is computed at read time. */
  listChannels(nowMs: number): Record<string, unknown>[] {
    return [...this.channels.values()].map(({ created_at_ms, ...row }) => ({
      ...row,
      elapsed_s: Math.max(0, Math.floor((nowMs - Number(created_at_ms)) / 1000))
    }));
  }

  /** True once `callId` answered, false while it is up unanswered, null before it exists or after it ended unanswered. */
  channelAnswered(callId: string): boolean | null {
    if (this.answeredLegs.has(callId)) return true;
    return this.channels.has(callId) ? false : null;
  }

  addCdr(cdr: Record<string, unknown>): void {
    this.cdrs.push(cdr);
  }

  addRecording(doc: RecordingDoc): void {
    this.recordings.set(doc._id, doc);
  }
}

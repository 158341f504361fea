/**
 * Transfers through crossbar, as Kazoo 4.3 runs them. `POST /channels/{UUID}` `action: transfer`
 * (cb_channels.erl transfer/4) is handed to Konami's transfer (konami_transfer.erl), which reads
 * `target` but no transfer type: it unbridges the agent's leg from the caller, plays the caller
 * music (a playback, not a SIP hold), and rings the target on an originate of its own; when the
 * target answers, it connects them to the agent. From there:
 * - the agent's leg hanging up hands the caller to the target: at once when the target answered
 *   (attended_answer/3), else when they do (partial_wait/3). So a blind transfer is a transfer
 *   followed by the agent's hangup, and completing a consultation is the agent's hangup;
 * - the target's leg hanging up gives the caller back to the agent (attended_answer/3 →
 *   connect_to_transferee/1). That is how a consultation is cancelled through the API: the only
 *   other way, `takeback_dtmf` (`*1`), is DTMF from the agent's phone, which crossbar cannot send.
 *   While the target still rings there is no leg to hang up: the agent presses *1, or Konami gives
 *   the caller back by itself when the 20 s originate times out (handle_info/3 purgatory).
 * A consultation is in progress when another answered leg of the call (the caller) is bridged to
 * nobody: Konami's unbridge cleared its `other_leg` (ecallmgr_fs_channel_stream.erl
 * channel_unbridge/1), and nothing but a transfer leaves an answered caller unbridged.
 */
import { PbxRequestError, type CallControlRequest, type CallControlResult } from '../pbx/pbx-provider.ts';
import type { CrossbarClient } from './crossbar-client.ts';
import { actionError, type ChannelRow } from './channel-rows.ts';

export interface TransferPacing {
  /** How often, and how long, a blind transfer looks for Konami's unbridge before hanging up. */
  pollMs: number;
  deadlineMs: number;
  sleep(ms: number): Promise<void>;
}

export const DEFAULT_TRANSFER_PACING: TransferPacing = {
  pollMs: 100,
  deadlineMs: 3_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
};

const TRANSFER_ACTIONS = new Set(['transfer', 'consult', 'complete-transfer', 'cancel-transfer']);

export function isTransferAction(action: string): boolean {
  return TRANSFER_ACTIONS.has(action);
}

/** The agent's talking leg: the first answered one (an agent talks on one phone at a time). */
function talkingLeg(mine: readonly ChannelRow[]): ChannelRow {
  const leg = mine.find((row) => row.answered === true);
  if (!leg) throw new PbxRequestError('CALL_NOT_CONNECTED', 'The agent has not answered this call.');
  return leg;
}

/** Whether the caller waits unbridged on this call while `mine` consults (see the module comment). */
function consulting(rows: readonly ChannelRow[], mine: ChannelRow): boolean {
  return rows.some(
    (row) =>
      row.uuid !== mine.uuid &&
      row.uuid !== mine.other_leg &&
      row.answered === true &&
      row.is_loopback !== true &&
      !row.other_leg
  );
}

export async function transferCall(
  crossbar: CrossbarClient,
  account: string,
  request: CallControlRequest,
  rows: readonly ChannelRow[],
  mine: readonly ChannelRow[],
  pacing: TransferPacing
): Promise<CallControlResult> {
  const leg = talkingLeg(mine);
  const uuid = String(leg.uuid);
  const channel = `${account}/channels/${encodeURIComponent(uuid)}`;
  const send = async (path: string, body: unknown) => {
    try {
      await crossbar.request('POST', path, { body });
    } catch (error) {
      throw actionError(error);
    }
  };
  const hangup = (path: string) => send(path, { data: { action: 'hangup' } });
  switch (request.action) {
    case 'transfer':
    case 'consult': {
      const type = request.action === 'consult' ? 'attended' : 'blind';
      await send(channel, { data: { action: 'transfer', target: request.target, 'transfer-type': type } });
      if (type === 'blind') {
        await waitForUnbridge(crossbar, channel, pacing);
        await hangup(channel);
      }
      return { legs: [uuid] };
    }
    case 'complete-transfer':
      if (!consulting(rows, leg)) throw noConsultation();
      await hangup(channel);
      return { legs: [uuid] };
    default: {
      // cancel-transfer (isTransferAction let only the four transfer actions in).
      if (!consulting(rows, leg)) throw noConsultation();
      const partner = leg.other_leg;
      if (!partner) throw new PbxRequestError('CONSULT_RINGING', 'The transfer target has not answered yet.');
      await hangup(`${account}/channels/${encodeURIComponent(partner)}`);
      return { legs: [partner] };
    }
  }
}

const noConsultation = () => new PbxRequestError('NO_CONSULTATION', 'No consultation is in progress on this call.');

/**
 * Konami unbridges the agent before it rings the target (konami_transfer.erl handle/2, then
 * pre_originate/3 on CHANNEL_UNBRIDGE). A hangup before that would end the call instead of
 * transferring it, so the agent's leg is hung up only once its `other_leg` is gone.
 */
async function waitForUnbridge(crossbar: CrossbarClient, channel: string, pacing: TransferPacing): Promise<void> {
  for (let waited = 0; waited <= pacing.deadlineMs; waited += pacing.pollMs) {
    let row: ChannelRow | undefined;
    try {
      row = (await crossbar.request<ChannelRow>('GET', channel)).data;
    } catch (error) {
      throw actionError(error);
    }
    if (!row?.other_leg) return;
    await pacing.sleep(pacing.pollMs);
  }
  throw new PbxRequestError('TRANSFER_NOT_STARTED', 'Kazoo accepted the transfer but never unbridged the call.');
}

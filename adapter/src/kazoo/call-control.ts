/**
 * Call control and agent status through crossbar. Facts relied on (Kazoo 4.3):
 * - `GET /channels` lists the account's live legs with `owner_id`, `answered` and the
 *   `interaction_id` (ecallmgr_fs_channel.erl to_json/1); a leg belongs to an agent when its
 *   `owner_id` is the agent's PBX user (kz_endpoint.erl puts Owner-ID on every device leg).
 * - `POST /channels/{UUID}` `{data:{action:"hangup"}}` and `{data:{action:"transfer", target,
 *   "transfer-type":"blind"}}` (cb_channels.erl maybe_hangup/2, maybe_transfer/2,3); a transfer of
 *   a leg that is not bridged is 400 "Channel is not bridged"; a leg that is gone is 404.
 * - Hold and resume are Konami metaflows: `PUT /channels/{UUID}` `{action:"metaflow",
 *   data:{module:"hold"|"resume", data}}` (cb_channels.erl put/2, schemas/metaflow.json;
 *   konami_hold.erl reads `dtmf_leg` as the requesting leg, konami_resume.erl reconnects).
 * - Every action is only cast to Konami: 202 means "sent", not "done" (Konami must run and
 *   metaflows be enabled for the call); the CHANNEL_* events that follow are the proof.
 * - `transfer` always runs Konami's consultation (konami_transfer.erl reads no transfer type):
 *   the caller is unbridged onto music, the target is rung, and the transferor's hangup hands the
 *   caller over (transfer-call.ts).
 * - DND is `do_not_disturb.enabled` on the user document (crossbar users.md), PATCHed; presence
 *   is set with `POST /users/{U}/presence` `{data:{action:"set", state}}`, state one of
 *   confirmed / early / terminated (cb_presence.erl ?PRESENCE_STATES).
 */
import {
  PbxRequestError,
  type AgentStatus,
  type CallControlRequest,
  type CallControlResult
} from '../pbx/pbx-provider.ts';
import { CrossbarError, type CrossbarClient } from './crossbar-client.ts';
import { actionError, legsOfCall, type ChannelRow } from './channel-rows.ts';
import { DEFAULT_TRANSFER_PACING, isTransferAction, transferCall, type TransferPacing } from './transfer-call.ts';

interface UserDoc {
  do_not_disturb?: { enabled?: boolean };
}

/** The call's live legs, and the agent's among them; refuses a call the agent has no leg in. */
export async function callLegs(crossbar: CrossbarClient, account: string, request: CallControlRequest) {
  const envelope = await crossbar.request<ChannelRow[]>('GET', `${account}/channels`);
  const live = (Array.isArray(envelope.data) ? envelope.data : []).filter((row) => typeof row.uuid === 'string');
  const rows = legsOfCall(live, request.interactionId);
  if (rows.length === 0) throw new PbxRequestError('CALL_NOT_FOUND', `No live leg of call ${request.interactionId}.`);
  const mine = rows.filter((row) => row.owner_id === request.pbxUserId);
  if (mine.length === 0) {
    throw new PbxRequestError('NOT_YOUR_CALL', `PBX user ${request.pbxUserId} has no leg in ${request.interactionId}.`);
  }
  return { rows, mine };
}

function pick(mine: ChannelRow[], answered: boolean): string[] {
  return mine.filter((row) => (row.answered === true) === answered).map((row) => String(row.uuid));
}

/** Sends `request.action` to the agent's own leg(s); refuses calls the agent has no leg in. */
export async function controlCall(
  crossbar: CrossbarClient,
  account: string,
  request: CallControlRequest,
  pacing: TransferPacing = DEFAULT_TRANSFER_PACING
): Promise<CallControlResult> {
  const { rows, mine } = await callLegs(crossbar, account, request);
  if (isTransferAction(request.action)) return transferCall(crossbar, account, request, rows, mine, pacing);
  const legs = request.action === 'decline' ? pick(mine, false) : pick(mine, true);
  if (legs.length === 0) {
    throw request.action === 'decline'
      ? new PbxRequestError('CALL_NOT_RINGING', 'The call no longer rings this agent.')
      : new PbxRequestError('CALL_NOT_CONNECTED', 'The agent has not answered this call.');
  }
  // One talking leg per agent: the first answered one. A decline stops every ringing device.
  const targets = request.action === 'decline' ? legs : legs.slice(0, 1);
  try {
    for (const uuid of targets) {
      await crossbar.request(method(request), `${account}/channels/${encodeURIComponent(uuid)}`, {
        body: body(request, uuid)
      });
    }
  } catch (error) {
    throw actionError(error);
  }
  return { legs: targets };
}

function method(request: CallControlRequest): 'POST' | 'PUT' {
  return request.action === 'hold' || request.action === 'resume' ? 'PUT' : 'POST';
}

function body(request: CallControlRequest, uuid: string): unknown {
  switch (request.action) {
    case 'hold':
      return { action: 'metaflow', data: { module: 'hold', data: { dtmf_leg: uuid } } };
    case 'resume':
      return { action: 'metaflow', data: { module: 'resume', data: {} } };
    default:
      return { data: { action: 'hangup' } };
  }
}

/** Whether the user document has DND on (the desk phone's feature code changes the same flag). */
export async function doNotDisturb(crossbar: CrossbarClient, account: string, pbxUserId: string): Promise<boolean> {
  try {
    const envelope = await crossbar.request<UserDoc>('GET', `${account}/users/${encodeURIComponent(pbxUserId)}`);
    return envelope.data?.do_not_disturb?.enabled === true;
  } catch (error) {
    if (error instanceof CrossbarError && error.status === 404)
      throw new PbxRequestError('USER_NOT_FOUND', `Kazoo has no user ${pbxUserId}.`);
    throw error;
  }
}

/** Available rings the agent's phones; DND and Away stop them and show the agent busy to colleagues. */
export async function setAgentStatus(
  crossbar: CrossbarClient,
  account: string,
  pbxUserId: string,
  status: AgentStatus
): Promise<void> {
  const user = `${account}/users/${encodeURIComponent(pbxUserId)}`;
  const away = status !== 'Available';
  try {
    await crossbar.request('PATCH', user, { body: { data: { do_not_disturb: { enabled: away } } } });
    await crossbar.request('POST', `${user}/presence`, {
      body: { data: { action: 'set', state: away ? 'confirmed' : 'terminated' } }
    });
  } catch (error) {
    if (error instanceof CrossbarError && error.status === 404)
      throw new PbxRequestError('USER_NOT_FOUND', `Kazoo has no user ${pbxUserId}.`);
    throw error;
  }
}

import { KONAMI_TRANSFER_PREFIX } from '../core/konami-consultation.ts';
import { PbxRequestError } from '../pbx/pbx-provider.ts';
import { CrossbarError } from './crossbar-client.ts';

/** A live leg as `GET /channels` lists it (ecallmgr_fs_channel.erl to_props/1), the fields call control reads. */
export interface ChannelRow {
  uuid?: string;
  owner_id?: string;
  answered?: boolean;
  interaction_id?: string;
  authorizing_id?: string;
  caller_id_number?: string;
  /** The leg it is bridged to now (ecallmgr_fs_channel_stream.erl sets and clears it on (UN)BRIDGE). */
  other_leg?: string | null;
  is_loopback?: boolean;
}

/** Crossbar's refusal of a channel action, in the words the softphone shows. */
export function actionError(error: unknown): unknown {
  if (!(error instanceof CrossbarError)) return error;
  if (error.status === 404) return new PbxRequestError('CALL_NOT_FOUND', 'The leg ended before the action reached it.');
  if (error.status === 400 && /not bridged/i.test(JSON.stringify(error.data)))
    return new PbxRequestError('CALL_NOT_CONNECTED', 'The leg is not bridged to anyone.');
  return new PbxRequestError('PBX_UNAVAILABLE', `Kazoo refused the call action: ${error.message}`);
}

/**
 * The live legs of call `interactionId`, with the legs of a Konami transfer's consultation that
 * rings from it: the consultation is an originate with an interaction id of its own, whose
 * loopback carries the transferor's Authorizing-ID (konami_transfer.erl originate_to_extension/3)
 * and the caller id of the transferor's leg (caller_id_number/2: the caller's number on a call to
 * the agent). Its target's legs join the call's id only once connected, yet are part of the call
 * from the first ring (the target can decline it). After a blind transfer the transferor's leg is
 * gone, so the caller id is what still links them; two calls from one number transferred in the
 * same seconds could be mixed up, and then each agent still acts only on their own legs.
 */
export function legsOfCall(all: readonly ChannelRow[], interactionId: string): ChannelRow[] {
  const own = all.filter((row) => row.interaction_id === interactionId);
  const devices = new Set(own.flatMap((row) => (row.authorizing_id ? [row.authorizing_id] : [])));
  const numbers = new Set(own.flatMap((row) => (row.caller_id_number ? [row.caller_id_number] : [])));
  const consultations = new Set(
    all
      .filter(
        (row) =>
          row.uuid?.startsWith(KONAMI_TRANSFER_PREFIX) &&
          row.interaction_id &&
          row.interaction_id !== interactionId &&
          ((row.authorizing_id !== undefined && devices.has(row.authorizing_id)) ||
            (row.caller_id_number !== undefined && numbers.has(row.caller_id_number)))
      )
      .map((row) => row.interaction_id)
  );
  return all.filter(
    (row) => row.interaction_id === interactionId || (row.interaction_id && consultations.has(row.interaction_id))
  );
}

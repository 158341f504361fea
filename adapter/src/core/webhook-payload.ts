/**
 * Kazoo webhook payloads → the call-event object blackhole carries as a frame's `data`. The one
 * place that knows the webhook shape: the live intake stores what this returns, and
 * `normalizeEvent` (so `cti-adapter replay`) calls it for any object with a `hook_event`, so a
 * captured delivery reads the same both ways.
 *
 * The payload is `webhooks_channel_util:base_hook_event/3` (Kazoo 4.3 and master): a fixed set of
 * top-level keys lifted from the call event and its channel vars, plus `custom_channel_vars` only
 * once `call_command.reserved_ccv_keys` is set (then every non-reserved CCV, under its raw AMQP
 * name such as `Bridge-ID`). There is no `msg_id` and no interaction id (`Call-Interaction-ID` is
 * reserved), so events are timed by `timestamp` seconds and calls are keyed by their A-leg.
 */
import { normalizeKeys, type JsonValue } from './normalize-keys.ts';

type JsonObject = Record<string, JsonValue>;

export type WebhookMapping =
  { kind: 'event'; event: JsonObject } | { kind: 'ignored'; reason: string } | { kind: 'invalid'; reason: string };

/** `format_event/3`: the channel hooks and the event each one reports. */
const HOOK_EVENTS: Record<string, string> = {
  channel_create: 'CHANNEL_CREATE',
  channel_answer: 'CHANNEL_ANSWER',
  channel_bridge: 'CHANNEL_BRIDGE',
  channel_destroy: 'CHANNEL_DESTROY'
};

/** Top-level keys that `base_hook_event/3` copies out of the CCVs (`kz_call_event:owner_id/1` etc.). */
const LIFTED_CCVS = ['owner_id', 'account_id', 'authorizing_id', 'authorizing_type', 'inception'] as const;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** True for a webhooks-app delivery (it names a `hook_event` and no blackhole `event_name`). */
export function isWebhookPayload(value: unknown): boolean {
  if (!isObject(value)) return false;
  const keys = Object.keys(value).map((key) => key.toLowerCase().replaceAll('-', '_'));
  return keys.includes('hook_event') && !keys.includes('event_name');
}

/**
 * Maps one webhook payload:
 * - `hook_event` → `event_name`;
 * - `owner_id`, `authorizing_*`, `account_id`, `call_forwarded` → `custom_channel_vars`, where
 *   blackhole carries them (reserved CCVs never appear in the payload's own `custom_channel_vars`);
 * - `local_resource_used: false` means `Global-Resource` was true (`(not WasGlobal)`), and
 *   `local_resource_id` is `Resource-ID`, sent only then;
 * - `is_internal_leg` → `channel_is_loopback` (`kz_json:is_true(<<"Channel-Is-Loopback">>)`);
 * - a `channel_destroy` without `hangup_cause` is a CHANNEL_DISCONNECTED (`hook_event_name/1`):
 *   the media server connection dropped, the channel may still be up, so it is ignored.
 */
export function webhookToCallEvent(raw: unknown): WebhookMapping {
  const payload = normalizeKeys(raw);
  if (!isObject(payload)) return { kind: 'invalid', reason: 'The delivery is not a JSON object.' };
  const hookEvent = payload.hook_event;
  if (typeof hookEvent !== 'string') return { kind: 'invalid', reason: 'The delivery has no hook_event.' };
  const eventName = HOOK_EVENTS[hookEvent];
  if (!eventName) {
    return {
      kind: 'invalid',
      reason: `hook_event '${hookEvent}' is not a channel event; subscribe channel_* hooks only.`
    };
  }
  if (eventName === 'CHANNEL_DESTROY' && (payload.hangup_cause === undefined || payload.hangup_cause === '')) {
    return {
      kind: 'ignored',
      reason: 'A channel_destroy without hangup_cause is a media-server disconnect, not a hangup.'
    };
  }
  const event: JsonObject = Object.assign(Object.create(null) as JsonObject, payload, {
    event_name: eventName,
    event_category: 'call_event'
  });
  delete event.hook_event;
  const ccv: JsonObject = Object.assign(
    Object.create(null) as JsonObject,
    isObject(payload.custom_channel_vars) ? payload.custom_channel_vars : {}
  );
  for (const key of LIFTED_CCVS) {
    if (ccv[key] === undefined && payload[key] !== undefined) ccv[key] = payload[key];
  }
  // kz_call_event:is_call_forwarded/1 reads CCV Call-Forward; a forwarded phone's loopback leg has it.
  if (ccv.call_forward === undefined && payload.call_forwarded !== undefined) ccv.call_forward = payload.call_forwarded;
  if (ccv.resource_id === undefined && payload.local_resource_id !== undefined) {
    ccv.resource_id = payload.local_resource_id;
  }
  if (
    ccv.global_resource === undefined &&
    (payload.local_resource_used === false || payload.local_resource_used === 'false')
  ) {
    ccv.global_resource = 'true';
  }
  event.custom_channel_vars = ccv;
  if (event.channel_is_loopback === undefined && payload.is_internal_leg !== undefined) {
    event.channel_is_loopback = payload.is_internal_leg;
  }
  // json_to_querystring drops an empty object, so form-data deliveries may lack it.
  if (event.custom_application_vars === undefined) event.custom_application_vars = Object.create(null) as JsonObject;
  return { kind: 'event', event };
}

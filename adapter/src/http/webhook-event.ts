/**
 * Kazoo webhook deliveries (kazoo.md §2) → the bare call-event object the core normalizer takes
 * from the websocket (`data` of a blackhole frame). The two transports carry the same facts in
 * different shapes; this is the only place that knows the webhook shape.
 */

/** `hook_event` values of the channel hooks → the websocket's `event_name`. */
const HOOK_EVENTS: Record<string, string> = {
  channel_create: 'CHANNEL_CREATE',
  channel_answer: 'CHANNEL_ANSWER',
  channel_bridge: 'CHANNEL_BRIDGE',
  channel_destroy: 'CHANNEL_DESTROY'
};

export type WebhookMapping =
  | { kind: 'event'; event: Record<string, unknown> }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; reason: string };

/**
 * Rebuilds nested objects from a form-data delivery. Kazoo's `kz_http_util:json_to_querystring`
 * writes `{a:{b:1}}` as `a[b]=1`, lists as `a[]=x&a[]=y`, and every value as a string.
 */
export function unflattenFormFields(fields: Record<string, unknown>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [flatKey, value] of Object.entries(fields)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(flatKey);
    if (!match) {
      root[flatKey] = value;
      continue;
    }
    const path = [match[1] as string, ...[...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] as string)];
    assignPath(root, path, value);
  }
  return root;
}

function assignPath(root: Record<string, unknown>, path: string[], value: unknown): void {
  if (path.some((key) => key === '__proto__' || key === 'constructor' || key === 'prototype')) return;
  let node = root;
  for (let index = 0; index < path.length - 1; index += 1) {
    const key = path[index] as string;
    if (path[index + 1] === '') {
      // `a[]=x&a[]=y`: fast-querystring already collected the repeats into a list.
      const existing: unknown[] = Array.isArray(node[key]) ? (node[key] as unknown[]) : [];
      node[key] = existing.concat(Array.isArray(value) ? (value as unknown[]) : [value]);
      return;
    }
    const child = node[key];
    if (typeof child !== 'object' || child === null || Array.isArray(child)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

/**
 * Maps one webhook payload to a websocket-shaped call event (the normalizer does the rest: string
 * numbers and flags, the event time from `timestamp` when there is no `msg_id`):
 * - `hook_event` → `event_name`;
 * - top-level `owner_id`, `authorizing_*`, `local_resource_*`… → `custom_channel_vars`, where the
 *   websocket carries them;
 * - `is_internal_leg` → `channel_is_loopback` (webhooks carry no `channel_name` to tell by);
 * - a `channel_destroy` without `hangup_cause` is Kazoo's fake destroy after it lost a media server
 *   (kazoo.md §2): the channel may still be up, blackhole never sends it, so it is ignored.
 */
export function webhookToCallEvent(payload: Record<string, unknown>): WebhookMapping {
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
  const event: Record<string, unknown> = { ...payload, event_name: eventName, event_category: 'call_event' };
  delete event.hook_event;
  const ccvs = payload.custom_channel_vars;
  const channelVars: Record<string, unknown> = typeof ccvs === 'object' && ccvs !== null ? { ...ccvs } : {};
  // base_hook_event lifts these channel vars to the top level; the normalizer reads them as CCVs.
  for (const key of ['owner_id', 'account_id', 'authorizing_id', 'authorizing_type', 'inception']) {
    if (payload[key] !== undefined) channelVars[key] ??= payload[key];
  }
  if (payload.local_resource_id !== undefined) channelVars.resource_id ??= payload.local_resource_id;
  // `local_resource_used` is `not Global-Resource`.
  if (payload.local_resource_used === 'false' || payload.local_resource_used === false) {
    channelVars.global_resource ??= 'true';
  }
  event.custom_channel_vars = channelVars;
  event.channel_is_loopback ??= payload.is_internal_leg;
  // An empty object is dropped by json_to_querystring, so form-data deliveries may lack it.
  event.custom_application_vars ??= {};
  return { kind: 'event', event };
}

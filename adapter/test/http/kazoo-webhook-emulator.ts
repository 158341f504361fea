/**
 * What Kazoo's webhooks app would POST for a call event (test support, the PBX side): the payload
 * of `webhooks_channel_util:base_hook_event/3` built from a websocket event's `data` (kazoo.md §2),
 * encoded like `kz_http_util:json_to_querystring` for hooks with `format: form-data`.
 * Defaults as on a stock cluster: `call_command.reserved_ccv_keys` unset, so no
 * `custom_channel_vars`; `include_internal_legs` true, so loopback legs are sent and marked.
 */
const HOOKS: Record<string, string> = {
  CHANNEL_CREATE: 'channel_create',
  CHANNEL_ANSWER: 'channel_answer',
  CHANNEL_BRIDGE: 'channel_bridge',
  CHANNEL_DESTROY: 'channel_destroy'
};

type Json = Record<string, unknown>;

/** The webhook payload for one websocket event, or null when no channel hook fires for it. */
export function webhookPayloadFor(data: Json, accountId: string): Json | null {
  const hook = HOOKS[String(data.event_name)];
  if (!hook) return null;
  const ccv = (data.custom_channel_vars ?? {}) as Json;
  const wasGlobal = ccv.global_resource === true || ccv.global_resource === 'true';
  const payload: Json = {
    account_id: ccv.account_id ?? accountId,
    authorizing_id: ccv.authorizing_id,
    authorizing_type: ccv.authorizing_type,
    call_direction: data.call_direction,
    call_forwarded: ccv.call_forwarded === true || ccv.call_forwarded === 'true',
    call_id: data.call_id,
    callee_id_name: data.callee_id_name,
    callee_id_number: data.callee_id_number,
    caller_id_name: data.caller_id_name,
    caller_id_number: data.caller_id_number,
    custom_application_vars: data.custom_application_vars,
    emergency_resource_used: false,
    from: data.from,
    inception: data.inception,
    local_resource_id: wasGlobal ? undefined : ccv.resource_id,
    local_resource_used: !wasGlobal,
    is_internal_leg: data.channel_is_loopback === true || data.channel_is_loopback === 'true',
    other_leg_call_id: data.other_leg_call_id,
    owner_id: ccv.owner_id,
    request: data.request,
    reseller_id: 'reseller0000000000000000000000001',
    timestamp: data.timestamp,
    to: data.to,
    hook_event: hook,
    cluster_id: 'cluster-sim-1'
  };
  if (hook === 'channel_bridge') {
    payload.original_number = ccv.original_number;
    payload.other_leg_destination_number = data.other_leg_destination_number;
  }
  if (hook === 'channel_destroy') {
    Object.assign(payload, {
      hangup_cause: data.hangup_cause,
      hangup_code: data.hangup_code,
      duration_seconds: data.duration_seconds,
      ringing_seconds: data.ringing_seconds,
      billing_seconds: data.billing_seconds
    });
  }
  return payload;
}

/** `kz_http_util:urlencode/1`: unreserved `. - ~ _` and alphanumerics kept, space as `+`. */
function urlencode(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      if (/[A-Za-z0-9.~_-]/.test(char)) return char;
      return char === ' ' ? '+' : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** `kz_http_util:json_to_querystring/1`: `a=1&b[c]=2&d[]=x&d[]=y`; undefined values are dropped. */
export function toFormBody(payload: Json, prefix = ''): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    const name = prefix ? `${prefix}[${key}]` : key;
    if (Array.isArray(value)) {
      for (const item of value) parts.push(`${name}[]=${urlencode(String(item))}`);
    } else if (typeof value === 'object') {
      const nested = toFormBody(value as Json, name);
      if (nested) parts.push(nested);
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      parts.push(`${name}=${urlencode(String(value))}`);
    }
  }
  return parts.join('&');
}

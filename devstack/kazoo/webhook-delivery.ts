/**
 * What Kazoo's webhooks app sends for a call event: the payload `webhooks_channel_util` builds
 * from the AMQP call event, and the HTTP request `webhooks_util:do_fire/3` makes of it. Built from
 * the simulator's blackhole `data` (the same event, as blackhole publishes it), so one scenario can
 * be delivered over both transports. Sources are Kazoo 4.3 (`applications/webhooks/src/…`; master is
 * the same for everything used here).
 */

/** `hook_event_name/1` + `format_event/3`: the channel hooks; CHANNEL_DISCONNECTED goes out as a destroy. */
const HOOK_EVENTS: Record<string, string> = {
  CHANNEL_CREATE: 'channel_create',
  CHANNEL_ANSWER: 'channel_answer',
  CHANNEL_BRIDGE: 'channel_bridge',
  CHANNEL_DESTROY: 'channel_destroy',
  CHANNEL_DISCONNECTED: 'channel_destroy'
};

/**
 * `?DEFAULT_CCV_KEYS` (core/kazoo_call/include/kapps_call_command_types.hrl): what
 * `call_command.reserved_ccv_keys` holds once anything has read it with this default, which the
 * adapter's own quickcalls do (`cb_modules_util:cavs_from_request` → `kapps_call_util:reserved_ccv_keys/0`,
 * and `kapps_config` saves a default it reads).
 */
export const KAZOO_RESERVED_CCV_KEYS: readonly string[] = [
  'Account-ID',
  'Account-Name',
  'Account-Realm',
  'Authorizing-ID',
  'Authorizing-Type',
  'Auto-Answer',
  'Call-Forward',
  'Call-Interaction-ID',
  'Ecallmgr-Node',
  'Call-Waiting-Disabled',
  'Confirm-Cancel-Timeout',
  'Confirm-File',
  'Confirm-Key',
  'Fax-Enabled',
  'Fetch-ID',
  'Loopback-Bowout',
  'Media-Encryption-Enforce-Security',
  'Media-Webrtc',
  'Owner-ID',
  'Presence-ID',
  'RTCP-MUX',
  'Realm',
  'Require-Ignore-Early-Media',
  'Retain-CID',
  'SIP-Invite-Domain',
  'Simplify-Loopback',
  'Username'
];

export interface WebhookOptions {
  /** The account the hook belongs to (`kz_hooks_util:lookup_account_id/1` found it). */
  accountId: string;
  /**
   * `call_command.reserved_ccv_keys`: `null` while unset (a cluster nothing has read it on), so
   * payloads carry no `custom_channel_vars`; a list (normally {@link KAZOO_RESERVED_CCV_KEYS}) once
   * set, so payloads carry every other CCV under its raw AMQP name (`Bridge-ID`, `Media-Recordings`).
   */
  reservedCcvKeys: readonly string[] | null;
  /** The hook's `include_internal_legs` (schema default true): false filters loopback legs out. */
  includeInternalLegs?: boolean;
  /** The hook's `custom_data`, merged into every payload (`webhooks_util:fire_hook/2`). */
  customData?: Record<string, unknown>;
}

type Json = Record<string, unknown>;

const isTrue = (value: unknown): boolean => value === true || value === 'true';

/** Blackhole's `kz_json:normalize_jobj` made `Bridge-ID` into `bridge_id`; this undoes it. */
function amqpName(key: string): string {
  return key
    .split('_')
    .map((word) => (word === 'id' ? 'ID' : word.charAt(0).toUpperCase() + word.slice(1)))
    .join('-');
}

/** `non_reserved_ccvs/1`: undefined while the setting is unset, else the CCVs not on the list. */
function nonReservedCcvs(ccv: Json, reserved: readonly string[] | null): Json | undefined {
  if (reserved === null) return undefined;
  const kept: Json = {};
  for (const [key, value] of Object.entries(ccv)) {
    const name = amqpName(key);
    if (!reserved.includes(name)) kept[name] = value;
  }
  return kept;
}

/**
 * The payload for one blackhole event's `data`, or null when no channel hook fires for it
 * (another event, or a loopback leg on a hook without internal legs: `is_fireable_hook/2`).
 */
export function webhookPayloadFor(data: Json, options: WebhookOptions): Json | null {
  const hook = HOOK_EVENTS[String(data.event_name)];
  if (!hook) return null;
  const ccv = (data.custom_channel_vars ?? {}) as Json;
  const channelName = typeof data.channel_name === 'string' ? data.channel_name : '';
  const loopback = isTrue(data.channel_is_loopback) || channelName.startsWith('loopback/');
  if (options.includeInternalLegs === false && loopback) return null;
  // base_hook_event/3: every key from the call event or its CCVs; undefined ones are left out.
  const wasGlobal = isTrue(ccv.global_resource);
  const payload: Json = {
    // handle_event/2 sets CCV Account-ID to the looked-up account before formatting.
    account_id: options.accountId,
    authorizing_id: ccv.authorizing_id,
    authorizing_type: ccv.authorizing_type,
    call_direction: data.call_direction,
    // kz_call_event:is_call_forwarded/1: CCV Call-Forward, undefined when absent.
    call_forwarded: ccv.call_forward === undefined ? undefined : isTrue(ccv.call_forward),
    call_id: data.call_id,
    callee_id_name: data.callee_id_name,
    callee_id_number: data.callee_id_number,
    caller_id_name: data.caller_id_name,
    caller_id_number: data.caller_id_number,
    custom_channel_vars: nonReservedCcvs(ccv, options.reservedCcvKeys),
    custom_application_vars: data.custom_application_vars,
    emergency_resource_used: isTrue(ccv.emergency_resource),
    from: data.from,
    // Reads a top-level `Inception`, which no call event carries: always absent in practice.
    inception: undefined,
    local_resource_id: wasGlobal ? undefined : ccv.resource_id,
    local_resource_used: !wasGlobal,
    // kz_json:is_true(<<"Channel-Is-Loopback">>): the header, not the channel name.
    is_internal_leg: isTrue(data.channel_is_loopback),
    other_leg_call_id: data.other_leg_call_id,
    owner_id: ccv.owner_id,
    request: data.request,
    reseller_id: 'reseller0000000000000000000000001',
    timestamp: data.timestamp,
    to: data.to,
    hook_event: hook
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
  // webhooks_util:fire_hook/2: custom_data merged in (kz_json:merge_jobjs), then cluster_id set.
  const merged: Json = { ...(options.customData ?? {}), ...withoutUndefined(payload), cluster_id: 'cluster-sim-1' };
  return merged;
}

function withoutUndefined(object: Json): Json {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
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

/** `kz_http_util:json_to_querystring/1`: `a=1&b[c]=2&d[]=x&d[]=y`; keys are not encoded. */
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

/** A hook document's delivery settings (`schemas/webhooks.json`; defaults post and form-data). */
export interface WebhookHook {
  uri: string;
  httpVerb?: 'get' | 'post' | 'put';
  format?: 'form-data' | 'json';
  hookId?: string;
}

export interface WebhookRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * `webhooks_util:do_fire/3`: GET appends `?` and the form-encoded payload to the URI as it is (so a
 * URI that already has a query gets a second `?`); POST and PUT send a form-data body, or the
 * payload as pretty JSON (`kz_json:encode(JObj, ['pretty'])`). Every request carries
 * `?HTTP_REQ_HEADERS`: X-Hook-ID and X-Account-ID.
 */
export function webhookRequestFor(hook: WebhookHook, payload: Json): WebhookRequest {
  const headers: Record<string, string> = {
    'x-hook-id': hook.hookId ?? 'hook-sim-1',
    'x-account-id': String(payload.account_id)
  };
  const verb = hook.httpVerb ?? 'post';
  if (verb === 'get') return { method: 'GET', url: `${hook.uri}?${toFormBody(payload)}`, headers };
  const method = verb === 'put' ? 'PUT' : 'POST';
  if ((hook.format ?? 'form-data') === 'json') {
    return {
      method,
      url: hook.uri,
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(payload, null, 2)
    };
  }
  return {
    method,
    url: hook.uri,
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: toFormBody(payload)
  };
}

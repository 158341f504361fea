/**
 * Call control and do-not-disturb on crossbar, as Kazoo 4.3 answers them:
 * - `GET /channels/{UUID}`: the live channel, else 404 `bad identifier` (cb_channels.erl read/2).
 * - `POST /channels/{UUID}` `{data:{action, …}}`: reads the channel first (404 when gone), then
 *   `hangup` → 202 "hangup initiated", `transfer` → 400 when the leg has no other_leg_call_id
 *   ("Channel is not bridged") or no `target` ("No target destination specified"), else 202
 *   "transfer initiated" (cb_channels.erl maybe_execute_command/3, maybe_transfer/2,3,
 *   maybe_hangup/2); any other action 400 `invalid data`. `action` may sit in `data` or at the
 *   top level (cb_context:req_value/2 reads the request data, then the envelope).
 * - `PUT /channels/{UUID}` `{action:"metaflow", data:{module, data}}`: the `data` object must be a
 *   metaflow (schemas/metaflow.json: `module` required), else 400; 202 "metaflow sent"
 *   (cb_channels.erl validate_action/3, put/2). Note: the doc page's example nests the module one
 *   level deeper (`data.data.module`), which that schema rejects; the schema is what crossbar runs.
 * Every action is only *cast* to Konami (kz_amqp_worker:cast → kapi_metaflow), so crossbar answers
 * 202 even when Konami is not running or metaflows are not enabled for the call ("This API
 * requires Konami Pro to be running and metaflows to be enabled on the call", channels.md): then
 * nothing happens. `metaflows: false` plays that account.
 * - `GET|PATCH|POST /users/{U}` and `/devices/{D}`: the document's `do_not_disturb.enabled`
 *   (cb_users_v2 / cb_devices_v2 allow PATCH on a document).
 * - `POST /users/{U}/presence` `{data:{action:"set", state}}`: state confirmed / early /
 *   terminated, else 400 "Field must be set to a valid state"; 202 "command sent"
 *   (cb_presence.erl validate_action/3, post_things/3).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { USERS, userById } from './directory.ts';
import type { CallStore } from './call-store.ts';
import type { DoNotDisturb } from './do-not-disturb.ts';
import { envelope, failure } from './crossbar-server.ts';
import { LiveCallRefusal, type LiveCall } from './live-call.ts';

export interface ChannelRouteDeps {
  store: CallStore;
  dnd: DoNotDisturb;
  /** The live call that owns this leg, if any (scripted scenarios do not take actions). */
  liveCallOf(callId: string): LiveCall | undefined;
  /** Whether Konami acts on API metaflows in this account. */
  metaflowsEnabled(): boolean;
  /** The presence state last set through crossbar, by user id. */
  presence: Map<string, string>;
  /** Every channel action crossbar accepted, oldest first (tests assert on these). */
  actions: ChannelActionRecord[];
}

export interface ChannelActionRecord {
  method: 'POST' | 'PUT';
  callId: string;
  action: string;
  body: unknown;
}

type Req = FastifyRequest<{ Params: Record<string, string> }>;
type Body = { action?: unknown; data?: Record<string, unknown> } | undefined;

const badIdentifier = (req: Req, reply: FastifyReply, id: string) =>
  failure(req, reply, 404, 'bad identifier', { message: 'bad identifier', not_found: id });

const validation = (req: Req, reply: FastifyReply, key: string, message: string) =>
  failure(req, reply, 400, 'validation error', { [key]: { required: { message } } });

export function registerChannelRoutes(app: FastifyInstance, deps: ChannelRouteDeps): void {
  const base = '/v2/accounts/:accountId';
  const channel = (id: string) => deps.store.channels.get(id);

  app.get(`${base}/channels/:uuid`, (req: Req, reply) => {
    const row = channel(req.params.uuid ?? '');
    return row ? envelope(req, reply, 200, row) : badIdentifier(req, reply, req.params.uuid ?? '');
  });

  app.post(`${base}/channels/:uuid`, (req: Req, reply) => {
    const uuid = req.params.uuid ?? '';
    const row = channel(uuid);
    if (!row) return badIdentifier(req, reply, uuid);
    const body = req.body as Body;
    const data = body?.data ?? {};
    const requested = data.action ?? body?.action;
    const action = typeof requested === 'string' ? requested : '';
    if (action === 'transfer') {
      if (!row.other_leg) return validation(req, reply, 'other_leg_call_id', 'Channel is not bridged');
      if (typeof data.target !== 'string' || data.target === '')
        return validation(req, reply, 'target', 'No target destination specified');
    } else if (action !== 'hangup') {
      return failure(req, reply, 400, 'invalid data', data);
    }
    deps.actions.push({ method: 'POST', callId: uuid, action, body });
    const refused = perform(deps, uuid, action, data);
    if (refused) return validation(req, reply, 'other_leg_call_id', refused);
    return envelope(req, reply, 202, `${action} initiated`, { message: `${action} initiated` });
  });

  app.put(`${base}/channels/:uuid`, (req: Req, reply) => {
    const uuid = req.params.uuid ?? '';
    if (!channel(uuid)) return badIdentifier(req, reply, uuid);
    const body = req.body as Body;
    if (body?.action !== 'metaflow') return failure(req, reply, 400, 'invalid data', body?.data ?? {});
    const flow = body.data ?? {};
    if (typeof flow.module !== 'string' || flow.module === '') {
      return failure(req, reply, 400, 'validation error', { module: { required: { message: 'Field is required' } } });
    }
    deps.actions.push({ method: 'PUT', callId: uuid, action: flow.module, body });
    perform(deps, uuid, flow.module, (flow.data ?? {}) as Record<string, unknown>);
    return envelope(req, reply, 202, 'metaflow sent', { message: 'metaflow sent' });
  });

  const userDoc = (id: string) => {
    const user = userById(id);
    if (!user) return null;
    return {
      id: user.id,
      first_name: user.firstName,
      last_name: user.lastName,
      email: user.email,
      username: user.email,
      presence_id: user.extension,
      do_not_disturb: deps.dnd.userDoc(user.id)
    };
  };
  const deviceDoc = (id: string) => {
    const device = USERS.flatMap((u) => u.devices).find((d) => d.id === id);
    if (!device) return null;
    return {
      id: device.id,
      name: device.name,
      owner_id: device.ownerId,
      sip: { username: device.sipUsername },
      do_not_disturb: deps.dnd.deviceDoc(device.id)
    };
  };
  const dndIn = (req: Req): boolean | undefined => {
    const value = (req.body as Body)?.data?.do_not_disturb as { enabled?: unknown } | undefined;
    return typeof value?.enabled === 'boolean' ? value.enabled : undefined;
  };
  for (const [noun, load, set] of [
    ['users', userDoc, (id: string, on: boolean) => deps.dnd.setUser(id, on)],
    ['devices', deviceDoc, (id: string, on: boolean) => deps.dnd.setDevice(id, on)]
  ] as const) {
    const path = `${base}/${noun}/:id`;
    app.get(path, (req: Req, reply) => {
      const doc = load(req.params.id ?? '');
      return doc ? envelope(req, reply, 200, doc) : badIdentifier(req, reply, req.params.id ?? '');
    });
    // PATCH merges into the stored document; POST replaces it, so a POST without the key clears DND.
    const update = (replace: boolean) => (req: Req, reply: FastifyReply) => {
      const id = req.params.id ?? '';
      if (!load(id)) return badIdentifier(req, reply, id);
      const enabled = dndIn(req);
      if (enabled !== undefined || replace) set(id, enabled ?? false);
      return envelope(req, reply, 200, load(id));
    };
    app.patch(path, update(false));
    app.post(path, update(true));
  }

  app.post(`${base}/users/:id/presence`, (req: Req, reply) => {
    const id = req.params.id ?? '';
    if (!userDoc(id)) return badIdentifier(req, reply, id);
    const data = (req.body as Body)?.data ?? {};
    const invalid = (key: string, message: string) =>
      failure(req, reply, 400, 'validation error', { [key]: { invalid: { message, target: 'invalid' } } });
    if (data.action === 'set') {
      if (!PRESENCE_STATES.includes(String(data.state))) return invalid('state', 'Field must be set to a valid state');
      deps.presence.set(id, String(data.state));
    } else if (data.action === 'reset') {
      deps.presence.delete(id);
    } else {
      return invalid('action', 'Field must be set to a valid action');
    }
    return envelope(req, reply, 202, 'command sent', { message: 'command sent' });
  });
}

/** cb_presence.erl ?PRESENCE_STATES. */
const PRESENCE_STATES = ['confirmed', 'early', 'terminated'];

/** Hands the action to the live call, as Konami would; returns a refusal the route reports. */
function perform(deps: ChannelRouteDeps, uuid: string, action: string, data: Record<string, unknown>): string | null {
  const call = deps.liveCallOf(uuid);
  if (!call || !deps.metaflowsEnabled()) return null;
  try {
    if (action === 'hangup') call.hangup(uuid);
    else if (action === 'transfer') call.transfer(uuid, String(data.target));
    else if (action === 'hold') call.hold(uuid, true);
    else if (action === 'resume') call.hold(uuid, false);
    return null;
  } catch (error) {
    if (error instanceof LiveCallRefusal) return error.message;
    throw error;
  }
}

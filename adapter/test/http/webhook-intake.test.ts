import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { buildHttpServer } from '../../src/http/build-http-server.ts';
import type { IngestResult } from '../../src/http/http-deps.ts';
import { fakeTenant, testDeps } from './fake-tenant.ts';

const ACCOUNT = 'acme-account';

/** A channel_destroy as Kazoo posts it with `format: form-data` (kz_http_util:json_to_querystring). */
const FORM_DESTROY = [
  'account_id=acme-account',
  'call_direction=outbound',
  'call_id=b-leg-1',
  'callee_id_name=Alice',
  'callee_id_number=1001',
  'caller_id_name=Bob+Smith',
  'caller_id_number=%2B14155552671',
  'custom_application_vars[sf_related_record_id]=001000000000042AAA',
  'custom_channel_vars[media_recordings][]=202611-aaaa',
  'custom_channel_vars[media_recordings][]=202611-bbbb',
  'is_internal_leg=false',
  'other_leg_call_id=a-leg-1',
  'owner_id=user-alice',
  'timestamp=63930000000',
  'hook_event=channel_destroy',
  'hangup_cause=NORMAL_CLEARING',
  'duration_seconds=42',
  'billing_seconds=30',
  'ringing_seconds=12'
].join('&');

function intake(ingest?: (raw: unknown) => Promise<IngestResult>) {
  const tenant = fakeTenant({ tenantId: 'acme', ...(ingest ? { ingest } : {}) });
  const metrics = new Registry();
  const app = buildHttpServer(testDeps([tenant], { metrics }));
  const post = (
    payload: string | object,
    headers: Record<string, string> = {},
    query = `?secret=${tenant.webhookSecret}`,
    method: 'POST' | 'PUT' | 'GET' = 'POST'
  ) =>
    app.inject({
      method,
      url: `/api/v1/events/acme${query}`,
      headers: { 'x-account-id': ACCOUNT, 'x-hook-id': 'hook-1', ...headers },
      payload
    });
  const counted = async (result: string): Promise<number> => {
    const metric = (await metrics.getMetricsAsJSON()).find((m) => m.name === 'cti_webhook_events_total');
    const values = (metric?.values ?? []) as { labels: Record<string, string>; value: number }[];
    return values.filter((v) => v.labels.result === result).reduce((sum, v) => sum + v.value, 0);
  };
  return { app, tenant, post, counted };
}

describe('POST /api/v1/events/{tenant} (Kazoo webhooks)', () => {
  it('rebuilds a form-data delivery into the event shape the websocket carries', async () => {
    const { app, tenant, post } = intake();
    const response = await post(FORM_DESTROY, { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'stored' });
    const [event] = tenant.ingested as Record<string, unknown>[];
    assert.equal(event?.event_name, 'CHANNEL_DESTROY');
    assert.equal(event?.caller_id_number, '+14155552671');
    assert.equal(event?.caller_id_name, 'Bob Smith');
    assert.equal(event?.channel_is_loopback, 'false');
    assert.deepEqual({ ...(event?.custom_application_vars as object) }, { sf_related_record_id: '001000000000042AAA' });
    assert.deepEqual(
      { ...(event?.custom_channel_vars as object) },
      {
        media_recordings: ['202611-aaaa', '202611-bbbb'],
        owner_id: 'user-alice',
        account_id: ACCOUNT
      }
    );
    assert.equal('hook_event' in (event ?? {}), false);
    await app.close();
  });

  it('takes JSON deliveries, by PUT as well as POST (the two verbs Kazoo sends a body with)', async () => {
    const { app, tenant, post } = intake();
    const payload = { hook_event: 'channel_answer', call_id: 'a-leg-1', account_id: ACCOUNT, owner_id: 'user-bob' };
    const posted = await post(payload);
    const put = await post({ ...payload, call_id: 'a-leg-2' }, {}, undefined, 'PUT');
    assert.deepEqual([posted.statusCode, put.statusCode], [200, 200]);
    assert.deepEqual(
      (tenant.ingested as { event_name: string; call_id: string }[]).map((e) => [e.event_name, e.call_id]),
      [
        ['CHANNEL_ANSWER', 'a-leg-1'],
        ['CHANNEL_ANSWER', 'a-leg-2']
      ]
    );
    await app.close();
  });

  it("refuses a delivery for another Kazoo account, or without the tenant's webhook secret", async () => {
    const { app, tenant, post } = intake();
    const payload = { hook_event: 'channel_create', call_id: 'x', account_id: 'other' };
    const otherAccount = await post(payload, { 'x-account-id': 'other' });
    const noSecret = await post(payload, {}, '');
    const wrongSecret = await post(payload, {}, '?secret=nope');
    assert.equal(otherAccount.statusCode, 403);
    assert.equal(otherAccount.json<{ error: { code: string } }>().error.code, 'ACCOUNT_MISMATCH');
    const otherTenant = await app.inject({
      method: 'POST',
      url: `/api/v1/events/globex?secret=${tenant.webhookSecret}`,
      headers: { 'x-account-id': ACCOUNT },
      payload
    });
    assert.deepEqual([noSecret.statusCode, wrongSecret.statusCode, otherTenant.statusCode], [401, 401, 401]);
    assert.match(noSecret.json<{ error: { message: string } }>().error.message, /\?secret=/);
    assert.equal(tenant.ingested.length, 0);
    await app.close();
  });

  it("does not take the tenant's API key: a hook URI is readable in Kazoo's attempt logs", async () => {
    const { app, tenant, post } = intake();
    const payload = { hook_event: 'channel_create', call_id: 'x', account_id: ACCOUNT };
    const inQuery = await post(payload, {}, `?secret=${tenant.apiKey}`);
    const inHeader = await post(payload, { 'x-api-key': tenant.apiKey }, '');
    assert.deepEqual([inQuery.statusCode, inHeader.statusCode], [401, 401]);
    assert.match(inQuery.json<{ error: { message: string } }>().error.message, /webhookSecret, not its API key/);
    assert.equal(tenant.ingested.length, 0);
    await app.close();
  });

  it('refuses GET hooks with the reason and the verbs to use, and counts them', async () => {
    const { app, tenant, post, counted } = intake();
    // webhooks_util:do_fire/3 for http_verb get: URI ++ "?" ++ the form-encoded payload.
    const response = await post('', {}, `?secret=${tenant.webhookSecret}?hook_event=channel_create&call_id=x`, 'GET');
    assert.equal(response.statusCode, 405);
    assert.equal(response.headers.allow, 'POST, PUT');
    const error = response.json<{ error: { code: string; message: string } }>().error;
    assert.equal(error.code, 'METHOD_NOT_ALLOWED');
    assert.match(error.message, /http_verb to post/);
    assert.equal(await counted('refused'), 1);
    assert.equal(tenant.ingested.length, 0);
    await app.close();
  });

  it('refuses a body over 64 KiB with 413 and the reason, counted, before reading it', async () => {
    const { app, tenant, post, counted } = intake();
    const payload = { hook_event: 'channel_create', call_id: 'x', account_id: ACCOUNT, pad: 'x'.repeat(64 * 1024) };
    const big = await post(payload);
    const bigForm = await post(`hook_event=channel_create&call_id=z&pad=${'x'.repeat(64 * 1024)}`, {
      'content-type': 'application/x-www-form-urlencoded'
    });
    const justUnder = await post({
      hook_event: 'channel_create',
      call_id: 'y',
      account_id: ACCOUNT,
      pad: 'x'.repeat(60_000)
    });
    assert.deepEqual([big.statusCode, bigForm.statusCode], [413, 413]);
    const error = big.json<{ error: { code: string; message: string } }>().error;
    assert.equal(error.code, 'PAYLOAD_TOO_LARGE');
    assert.match(error.message, /at most 64 KiB/);
    assert.equal(justUnder.statusCode, 200);
    assert.equal(await counted('too_large'), 2);
    assert.deepEqual(
      (tenant.ingested as { call_id: string }[]).map((e) => e.call_id),
      ['y']
    );
    await app.close();
  });

  it('answers 200 to a fake destroy (media-server disconnect) without storing it', async () => {
    const { app, tenant, post } = intake();
    const response = await post({ hook_event: 'channel_destroy', call_id: 'a-leg-1', account_id: ACCOUNT });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json<{ status: string }>().status, 'ignored');
    assert.equal(tenant.ingested.length, 0);
    await app.close();
  });

  it('answers non-200 with the reason when the event is refused or cannot be stored', async () => {
    const refused = intake(() => Promise.resolve({ accepted: false, reason: 'call_id: must not be empty' }));
    const broken = intake(() => Promise.reject(new Error('SQLITE_FULL')));
    const payload = { hook_event: 'channel_create', call_id: '', account_id: ACCOUNT };
    const rejected = await refused.post(payload);
    const unstored = await broken.post(payload);
    const notChannel = await refused.post({ hook_event: 'parking', call_id: 'x', account_id: ACCOUNT });
    assert.equal(rejected.statusCode, 422);
    assert.deepEqual(rejected.json(), { error: { code: 'EVENT_REJECTED', message: 'call_id: must not be empty' } });
    assert.equal(unstored.statusCode, 503);
    assert.equal(unstored.json<{ error: { code: string } }>().error.code, 'STORE_UNAVAILABLE');
    assert.equal(notChannel.statusCode, 422);
    assert.match(notChannel.json<{ error: { message: string } }>().error.message, /not a channel event/);
    await Promise.all([refused.app.close(), broken.app.close()]);
  });
});

import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { buildHttpServer } from '../../src/http/build-http-server.ts';
import { fakeTenant, testDeps } from './fake-tenant.ts';

describe('API authentication and the error format', () => {
  it('refuses /api/v1 calls without a key or with a wrong key, with a JSON error', async () => {
    const app = buildHttpServer(testDeps([fakeTenant()]));
    const missing = await app.inject({ method: 'GET', url: '/api/v1/health' });
    const wrong = await app.inject({ method: 'GET', url: '/api/v1/health', headers: { 'x-api-key': 'guess' } });
    assert.equal(missing.statusCode, 401);
    assert.deepEqual(missing.json(), {
      error: { code: 'UNAUTHENTICATED', message: 'Missing API key: send it in the X-Api-Key header.' }
    });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json<{ error: { code: string } }>().error.code, 'UNAUTHENTICATED');
    await app.close();
  });

  it("answers a key with its own tenant's health only", async () => {
    const acme = fakeTenant({ tenantId: 'acme' });
    const globex = fakeTenant({ tenantId: 'globex' });
    const app = buildHttpServer(testDeps([acme, globex]));
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/health',
      headers: { 'x-api-key': globex.apiKey }
    });
    assert.equal(response.statusCode, 200);
    const body = response.json<{ version: string; tenants: { tenantId: string }[] }>();
    assert.equal(body.version, '9.9.9-test');
    assert.deepEqual(
      body.tenants.map((tenant) => tenant.tenantId),
      ['globex']
    );
    await app.close();
  });

  it('rate-limits per key and says when to retry', async () => {
    const tenant = fakeTenant();
    const app = buildHttpServer(testDeps([tenant], { rateLimit: { apiPerMinute: 2 } }));
    const call = () => app.inject({ method: 'GET', url: '/api/v1/health', headers: { 'x-api-key': tenant.apiKey } });
    const statuses = [(await call()).statusCode, (await call()).statusCode];
    const limited = await call();
    assert.deepEqual(statuses, [200, 200]);
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json<{ error: { code: string } }>().error.code, 'RATE_LIMITED');
    assert.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After is set');
    await app.close();
  });

  it('serves the probes and metrics without a key', async () => {
    let ready = false;
    const app = buildHttpServer(testDeps([fakeTenant()], { ready: () => ready }));
    assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    const starting = await app.inject({ method: 'GET', url: '/readyz' });
    ready = true;
    const started = await app.inject({ method: 'GET', url: '/readyz' });
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(starting.statusCode, 503);
    assert.equal(starting.json<{ error: { code: string } }>().error.code, 'NOT_READY');
    assert.equal(started.statusCode, 200);
    assert.match(metrics.body, /cti_http_requests_total\{method="GET",route="\/readyz",status="503"\} 1/);
    await app.close();
  });

  it('answers unknown routes with a JSON 404', async () => {
    const app = buildHttpServer(testDeps([fakeTenant()]));
    const response = await app.inject({ method: 'GET', url: '/api/v1/nothing?x=1' });
    assert.equal(response.statusCode, 404);
    assert.deepEqual(response.json(), {
      error: { code: 'NOT_FOUND', message: 'There is no GET /api/v1/nothing in this API.' }
    });
    await app.close();
  });

  it('never writes a webhook query key into the log', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      }
    });
    const tenant = fakeTenant();
    const app = buildHttpServer(testDeps([tenant], { logger: pino({ level: 'debug' }, sink) }));
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/events/${tenant.tenantId}?secret=${tenant.webhookSecret}`,
      headers: { 'x-account-id': tenant.provider.accountId },
      payload: { hook_event: 'channel_create', call_id: 'leg-1', account_id: tenant.provider.accountId }
    });
    assert.equal(response.statusCode, 200);
    assert.ok(
      lines.some((line) => line.includes('/api/v1/events/acme')),
      'the request was logged'
    );
    assert.ok(!lines.some((line) => line.includes(tenant.webhookSecret)), 'the secret is not in the log');
    await app.close();
  });
});

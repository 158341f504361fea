/**
 * `cti-adapter outbox --config FILE [--tenant ID] [--retry]`: how many record writes wait for
 * Salesforce, which ones it refused and why; `--retry` puts the refused ones back in line (a
 * running adapter picks them up within a second).
 */
import { existsSync } from 'node:fs';
import { commandContext } from '../app/cli-support.ts';
import { storePath } from '../app/build-tenant.ts';
import { TenantStore } from '../store/tenant-store.ts';

export function run(args: string[]): Promise<number> {
  const context = commandContext(args, { retry: { type: 'boolean' } });
  if (typeof context === 'string') {
    process.stderr.write(
      `cti-adapter outbox: ${context}\nusage: cti-adapter outbox --config FILE [--tenant ID] [--retry]\n`
    );
    return Promise.resolve(2);
  }
  const out: string[] = [];
  for (const tenant of context.tenants) {
    const path = storePath(context.config, tenant.id);
    if (!existsSync(path)) {
      out.push(`${tenant.id}: no store yet at ${path} (the adapter has not run for this tenant)`);
      continue;
    }
    const store = new TenantStore(path);
    try {
      const counts = store.counts();
      const oldest = counts.oldestPendingAt
        ? `, oldest waiting since ${new Date(counts.oldestPendingAt).toISOString()}`
        : '';
      out.push(`${tenant.id}: ${counts.outboxDepth} record write(s) waiting for Salesforce${oldest}`);
      out.push(`${tenant.id}: ${counts.inbox} PBX event(s) received since the last snapshot`);
      out.push(`${tenant.id}: ${counts.quarantined} quarantined PBX event(s) (processing them failed)`);
      for (const event of store.inbox.quarantined(20)) {
        out.push(`  event ${event.inboxId}  ${new Date(event.quarantinedAt).toISOString()}  ${event.error}`);
      }
      out.push(`${tenant.id}: ${counts.deadLetters} dead letter(s) (writes Salesforce refused)`);
      for (const dead of store.outbox.listDeadLetters(20)) {
        out.push(`  ${dead.callId}  ${new Date(dead.failedAt).toISOString()}  ${dead.reason}`);
      }
      if (context.values.retry) {
        out.push(`${tenant.id}: ${store.outbox.retryDeadLetters(Date.now())} dead letter(s) queued again`);
      }
    } finally {
      store.close();
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return Promise.resolve(0);
}

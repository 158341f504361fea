/**
 * How the tests drive the harness page and read the stand-in: which URL shows which agent, how
 * the Open CTI stand-in fires click-to-dial, and the stand-in's inspection endpoints
 * (`/__standin/opencti-calls`, `/__standin/records/CallData__c`).
 */
import type { Browser, Page } from 'playwright-core';
import { USERS } from '../../kazoo/directory.ts';
import { SEED_USERS, seedUserId } from '../../salesforce/seed.ts';
import type { DemoStack } from '../../start.ts';

export interface Agent {
  username: string;
  /** Salesforce user id (18 characters). */
  userId: string;
  pbxUserId: string;
}

function agent(firstName: string): Agent {
  const seed = SEED_USERS.find((u) => u.firstName === firstName && u.role === 'agent');
  const pbx = USERS.find((u) => u.firstName === firstName);
  if (!seed || !pbx) throw new Error(`no seeded agent ${firstName}`);
  return { username: seed.username, userId: seedUserId(seed.username), pbxUserId: pbx.id };
}

export const AGENTS = { alice: agent('Alice'), bob: agent('Bob'), carol: agent('Carol') };

/** Opens the harness as `who` and waits until the softphone has loaded its open calls. */
export async function openSoftphone(browser: Browser, stack: DemoStack, who: Agent): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 420, height: 860 } });
  await page.goto(stack.salesforce.harnessUrl(who.userId));
  await page.locator('[data-id="softphone"][data-ready="true"]').waitFor({ timeout: 20_000 });
  return page;
}

export async function text(page: Page, dataId: string): Promise<string> {
  return ((await page.locator(`[data-id="${dataId}"]`).first().textContent({ timeout: 10_000 })) ?? '').trim();
}

export interface OpenCtiCall {
  agentId: string;
  method: string;
  args: unknown;
}

export async function openCtiCallsOf(stack: DemoStack, who: Agent): Promise<OpenCtiCall[]> {
  const res = await fetch(
    `${stack.salesforce.instanceUrl}/__standin/opencti-calls?agent=${encodeURIComponent(who.userId)}`
  );
  return (await res.json()) as OpenCtiCall[];
}

export type CallDataRow = Record<string, unknown> & { CallId__c: string; InteractionId__c: string };

export function callDataRecords(stack: DemoStack): CallDataRow[] {
  return stack.salesforce.records('CallData__c') as unknown as CallDataRow[];
}

/** Fires Open CTI's click-to-dial in the harness (as the utility bar does) for `number` on a record. */
export async function clickToDial(page: Page, number: string, recordId: string, objectType = 'Lead'): Promise<string> {
  const fired = await page.evaluate(
    ([n, r, t]) =>
      (globalThis as unknown as { __fireClickToDial(p: object): boolean }).__fireClickToDial({
        number: n,
        recordId: r,
        recordName: 'John Roe',
        objectType: t
      }),
    [number, recordId, objectType]
  );
  if (!fired) throw new Error('click-to-dial is not enabled in the softphone (enableClickToDial was never called)');
  return recordId;
}

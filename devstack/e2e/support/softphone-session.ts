/**
 * The setup every softphone browser test file shares: the stack and Chromium start together, a
 * softphone page opens for each agent named, and both stop after the file's tests.
 */
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DemoStack } from '../../start.ts';
import { launchBrowser, startE2eStack, stopAll } from './e2e-stack.ts';
import { AGENTS, openSoftphone } from './harness-driver.ts';

export type SoftphoneSession<Name extends keyof typeof AGENTS> = { stack: DemoStack; browser: Browser } & Record<
  Name,
  Page
>;

/**
 * Registers the file's `before` and `after` hooks and returns the session they fill in: read its
 * fields inside tests, not at the file's top level. `setUp` runs last in the same `before` hook
 * (Node 20 starts a file's top-level `before` hooks together, so a second hook could not wait).
 */
export function useSoftphoneSession<Name extends keyof typeof AGENTS>(
  agents: Name[],
  setUp?: (session: SoftphoneSession<Name>) => Promise<void>
): SoftphoneSession<Name> {
  const session = {} as SoftphoneSession<Name>;
  before(async () => {
    [session.stack, session.browser] = await Promise.all([startE2eStack(), launchBrowser()]);
    for (const name of agents) {
      (session as Record<Name, Page>)[name] = await openSoftphone(session.browser, session.stack, AGENTS[name]);
    }
    await setUp?.(session);
  });
  after(() => stopAll(session.stack, session.browser));
  return session;
}

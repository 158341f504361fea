/**
 * What every browser test shares: the whole local stack on free ports with fresh data, Debian's
 * Chromium through playwright-core, a page per agent, and screenshots under test-results/.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDemoStack, type DemoStack, type DemoStackOptions } from '../../start.ts';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const SCREENSHOT_DIR = join(ROOT, 'test-results/screenshots');

/** The flags that make Debian's Chromium run headless in a container, offline. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

/** The stack with no automatic calls (each test plays its own) and recordings saved quickly. */
export function startE2eStack(
  extra: Pick<DemoStackOptions, 'namespace' | 'coalesceWindowMs' | 'adapterProcess' | 'ringChannel'> = {}
): Promise<DemoStack> {
  return startDemoStack({
    ...extra,
    dataDir: mkdtempSync(join(tmpdir(), 'cti-e2e-')),
    fresh: true,
    callEveryMs: null,
    timeScale: 1,
    recordingDelayMs: 300
  });
}

/**
 * Stops the browser and the stack. A stack that fails to close its servers would keep the test
 * process alive forever; report which one, then end the process so `npm test` cannot hang.
 */
export async function stopAll(stack: DemoStack | undefined, browser: Browser | undefined): Promise<void> {
  await browser?.close();
  try {
    await stack?.stop();
  } catch (error) {
    process.stderr.write(`e2e: ${(error as Error).message}\n`);
    setTimeout(() => process.exit(1), 1_000).unref();
    throw error;
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Polls `check` until it returns a truthy value (the UI and the stack are asynchronous). */
export async function eventually<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 10_000
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}

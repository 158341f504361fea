/**
 * What the ringing-pop bench reads from a softphone page: the moment each call card first enters
 * the page's DOM (by CallId__c: a card pushed by the ringing channel has no record id yet, and
 * gets it in place once the org has the record; with its status then), timed on the same wall clock as
 * the bench process. The page also plays a busy agent who closes every wrap-up form and missed-call
 * row at once, so hundreds of finished calls do not pile up in the DOM and slow the page down.
 */
import type { Page } from 'playwright-core';

export interface CardSeen {
  /** performance.timeOrigin + performance.now() in the page: epoch ms, sub-ms resolution. */
  at: number;
  /** The card's `data-status` when it first appeared (Ringing unless the ring was missed). */
  status: string | null;
}

/**
 * Runs in the page (plain JavaScript: the project's TypeScript has no DOM types). The cards are
 * light DOM (`lwc:render-mode="light"`), so one observer on the body sees them all.
 */
const WATCH_SCRIPT = `(() => {
  const seen = {};
  globalThis.__cardsSeen = seen;
  const CARD = '[data-id="call-card"]';
  const note = (el) => {
    const at = performance.timeOrigin + performance.now();
    const status = el.getAttribute('data-status');
    const id = el.getAttribute('data-call-key');
    if (id && !seen[id]) seen[id] = { at, status };
    // A card that showed a call being dialled before the PBX named it (the A-leg's preview) is that call's card.
    const leg = el.getAttribute('data-call-leg');
    if (leg && !seen['leg:' + leg]) seen['leg:' + leg] = { at, status };
  };
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'attributes' && m.target.matches(CARD)) note(m.target);
      for (const node of m.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (node.matches(CARD)) note(node);
        node.querySelectorAll(CARD).forEach(note);
      }
    }
  }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-call-key', 'data-call-leg'] });
  setInterval(() => {
    document.querySelectorAll('[data-id="wrapup-done"], [data-id="missed-dismiss"]').forEach((b) => b.click());
  }, 250);
})()`;

/** Starts watching `page` for call cards (before any call of the run rings). */
export async function watchCards(page: Page): Promise<void> {
  await page.evaluate(WATCH_SCRIPT);
}

/** Every card the page has shown since `watchCards`, by CallId__c (and by `leg:<A-leg call id>` for dialing previews). */
export function cardsSeen(page: Page): Promise<Record<string, CardSeen>> {
  return page.evaluate<Record<string, CardSeen>>('({ ...globalThis.__cardsSeen })');
}

/** Nearest-rank percentile of `values` (0 < p ≤ 100); null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}

// The adapter's ringing channel (adapter/src/http/ring-channel.ts): a WebSocket on which the agent's own calls
// arrive the moment the adapter has them, before it writes them to the org, so a ring shows without waiting for
// the org and the PushTopic. The PushTopic stays the source of truth: this channel only ever comes first, and when
// it is off or down the softphone carries on with the PushTopic alone, without telling the agent.
//
// `getTicket()` is SoftphoneController.getRingChannel: `{ ticket, url }`, a ticket that opens one socket within
// about a minute (null ticket: the adapter has the channel off). Every close, refused or not, asks for a new one.
import { toCallView } from 'c/streamingService';

/** Waits before the next attempt, by attempts in a row that failed; the last one repeats. */
export const RETRY_DELAYS_MS = [1000, 2000, 5000, 15000, 30000];
/** The channel is off for this org: asked again now and then, in case the admin turns it on. */
export const OFF_RETRY_MS = 300000;

/* eslint-disable @lwc/lwc/no-async-operation -- reconnecting needs a timer; tests inject their own */
const BROWSER_TIMERS = { set: (fn, ms) => setTimeout(fn, ms), clear: (id) => clearTimeout(id) };
/* eslint-enable @lwc/lwc/no-async-operation */

/** The records of one message (`{ type: 'calls', records }`), or none for anything else. */
function recordsOf(data) {
  try {
    const message = JSON.parse(data);
    return message && message.type === 'calls' && Array.isArray(message.records) ? message.records : [];
  } catch {
    return [];
  }
}

/** A pushed record as the softphone's call view; a dialing preview, and the first record of the same call, name the agent's A-leg (not a field). */
export function toPushedView(record) {
  const view = toCallView(record, '');
  if (typeof record.ALegCallId === 'string') view.aLegCallId = record.ALegCallId;
  return view;
}

/**
 * @param options.WebSocket the browser's WebSocket class (absent: the channel never opens)
 * @param options.getTicket resolves `{ ticket, url }` (SoftphoneController.getRingChannel)
 * @param options.timers `{ set, clear }`, injectable
 */
export function createRingChannelService({ WebSocket, getTicket, timers = BROWSER_TIMERS }) {
  const handlers = [];
  let socket = null;
  let timer = null;
  let stopped = true;
  let failures = 0;
  let state = 'idle';

  function later(ms, waitingState = 'waiting') {
    if (stopped) return;
    state = waitingState;
    timer = timers.set(() => {
      timer = null;
      connect();
    }, ms);
  }

  function retry() {
    const delay = RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length - 1)];
    failures += 1;
    later(delay);
  }

  function onMessage(event) {
    for (const record of recordsOf(event.data)) {
      if (record && typeof record.CallId__c === 'string') {
        const view = toPushedView(record);
        handlers.forEach((handler) => handler(view));
      }
    }
  }

  function open(url, ticket) {
    let opened;
    try {
      opened = new WebSocket(`${url}${url.includes('?') ? '&' : '?'}ticket=${encodeURIComponent(ticket)}`);
    } catch {
      // A URL the page may not reach (CSP connect-src) or cannot parse: the PushTopic alone, retried later.
      retry();
      return;
    }
    socket = opened;
    state = 'connecting';
    opened.onopen = () => {
      if (socket !== opened) return;
      failures = 0;
      state = 'open';
    };
    opened.onmessage = (event) => {
      if (socket === opened) onMessage(event);
    };
    opened.onclose = () => {
      if (socket !== opened) return;
      socket = null;
      retry();
    };
  }

  function connect() {
    if (stopped) return;
    if (typeof WebSocket !== 'function') {
      state = 'off';
      return;
    }
    state = 'ticket';
    Promise.resolve()
      .then(getTicket)
      .then(
        (channel) => {
          if (stopped) return;
          if (!channel || !channel.ticket || !channel.url) {
            later(OFF_RETRY_MS, 'off');
            return;
          }
          open(channel.url, channel.ticket);
        },
        () => retry()
      );
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      failures = 0;
      connect();
    },
    stop() {
      stopped = true;
      state = 'idle';
      if (timer !== null) timers.clear(timer);
      timer = null;
      const closing = socket;
      socket = null;
      if (closing) closing.close(1000, 'softphone closed');
    },
    /** `handler(callView)` for every pushed state (the callView shape of a PushTopic event, without its Id). */
    onCall: (handler) => handlers.push(handler),
    /** idle, ticket, connecting, open, waiting or off: for tests and diagnostics, never shown to the agent. */
    get state() {
      return state;
    }
  };
}

/**
 * A real CometD 9 client (cometd + cometd-nodejs-client) configured the way the softphone is:
 * long-polling, `Authorization: OAuth <session>`, and the extension that puts Salesforce's filtered
 * channel name on the wire (cometd 9 refuses `?`, `=` and `'` in channel names).
 */
import { adapt } from 'cometd-nodejs-client';
import { CometD, type Message } from 'cometd';
import type { SalesforceStandIn } from '../../salesforce/index.ts';

adapt();

export interface TestClient {
  cometd: CometD;
  events: Message[];
  /** Replies of /meta/handshake, /meta/subscribe and /meta/connect, for error assertions. */
  meta: Message[];
  /** Handshakes (and re-handshakes after 403::Unknown client) then subscribes `filter` with `replay`. */
  start(filter: string | null, replay: number): Promise<Message>;
  stop(): Promise<void>;
}

const TOPIC = '/topic/CallDataUpdates';

export function testClient(sf: SalesforceStandIn, token: string): TestClient {
  const cometd = new CometD();
  cometd.unregisterTransport('websocket');
  cometd.configure({
    url: `${sf.instanceUrl}/cometd/${sf.apiVersion}`,
    requestHeaders: { Authorization: `OAuth ${token}` },
    appendMessageTypeToURL: false,
    logLevel: 'warn'
  });
  const events: Message[] = [];
  const meta: Message[] = [];
  let wire = TOPIC;
  const placeholder = `${TOPIC}/filtered`;
  cometd.registerExtension('sfdc-filter', {
    outgoing: (message) => {
      if (message.channel === '/meta/subscribe' && wire !== TOPIC) {
        return { ...message, subscription: wire as unknown as string[] };
      }
      return message;
    },
    incoming: (message) => {
      if (message.channel.startsWith('/meta/')) meta.push(message);
      if (message.channel === wire) return { ...message, channel: wire === TOPIC ? TOPIC : placeholder };
      if (message.channel === '/meta/subscribe' && (message.subscription as unknown) === wire) {
        return { ...message, subscription: (wire === TOPIC ? TOPIC : placeholder) as unknown as string[] };
      }
      return message;
    }
  });
  return {
    cometd,
    events,
    meta,
    start: (filter, replay) =>
      new Promise((resolve) => {
        wire = filter ? `${TOPIC}?${filter}` : TOPIC;
        const channel = filter ? placeholder : TOPIC;
        let lastReplay = replay;
        const subscribe = () =>
          cometd.subscribe(
            channel,
            (m) => {
              events.push(m);
              lastReplay = (m.data as { event: { replayId: number } }).event.replayId;
            },
            { ext: { replay: { [wire]: lastReplay } } },
            resolve
          );
        cometd.addListener('/meta/handshake', (m) => {
          if (m.successful) subscribe();
          else resolve(m);
        });
        cometd.handshake();
      }),
    stop: () =>
      new Promise((resolve) => {
        if (cometd.isDisconnected()) return resolve();
        cometd.disconnect(() => resolve());
      })
  };
}

/** Waits until `check` holds (events arrive asynchronously over long polling). */
export async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

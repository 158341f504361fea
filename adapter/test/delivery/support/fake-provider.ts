/** A PBX provider for tests: the test pushes raw events and gaps; recovery answers from a script. */
import type { EventGap, EventStreamHandlers, PbxMember, PbxProvider } from '../../../src/pbx/pbx-provider.ts';

export class FakeProvider implements PbxProvider {
  readonly source = 'kazoo';
  handlers: EventStreamHandlers | null = null;
  /** What `recoverEvents` returns, and what it was asked. */
  recoverable: unknown[] = [];
  recoverCalls: { gap: EventGap; known: readonly string[] }[] = [];
  members: PbxMember[] = [];
  recordings = new Set<string>();

  constructor(readonly accountId = 'acct') {}

  testConnection() {
    return Promise.resolve({ ok: true, detail: 'fake PBX reachable' });
  }
  streamEvents(handlers: EventStreamHandlers) {
    this.handlers = handlers;
    handlers.onStatus?.('connected');
    return { close: () => Promise.resolve() };
  }
  listMembers() {
    return Promise.resolve(this.members);
  }
  originate() {
    return Promise.resolve({ reference: 'ref' });
  }
  recordingLink(recordingId: string) {
    return Promise.resolve(
      this.recordings.has(recordingId)
        ? { url: `http://pbx/${recordingId}`, headers: {}, contentType: 'audio/mpeg' }
        : null
    );
  }
  controlCall() {
    return Promise.resolve({ legs: [] });
  }
  doNotDisturb() {
    return Promise.resolve(false);
  }
  setAgentStatus() {
    return Promise.resolve();
  }
  recoverEvents(gap: EventGap, known: readonly string[]) {
    this.recoverCalls.push({ gap, known });
    return Promise.resolve(this.recoverable);
  }
  /** Delivers events as the live stream would. */
  push(events: readonly unknown[]): void {
    for (const event of events) this.handlers?.onEvent(event);
  }
}

/** Reads a fixture's raw lines (one JSON value per line; blank lines and # comments skipped). */
export function parseEventLines(text: string): unknown[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => JSON.parse(line) as unknown);
}

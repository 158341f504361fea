import type { EventStreamHandlers, EventStreamOptions } from '../../../src/pbx/pbx-provider.ts';
import { FakeProvider } from '../../delivery/support/fake-provider.ts';

/**
 * A provider for the run after a restart: it reports the start gap on subscription as the blackhole client
 * does (kazoo/blackhole-client.ts), from the stored mark it was given, and keeps the options it was started with.
 */
export class RestartedProvider extends FakeProvider {
  options: EventStreamOptions | undefined;
  override streamEvents(handlers: EventStreamHandlers, options?: EventStreamOptions) {
    this.options = options;
    const stream = super.streamEvents(handlers);
    if (options?.missedSince != null) handlers.onGap({ startedAt: options.missedSince, endedAt: Date.now() });
    return stream;
  }
}

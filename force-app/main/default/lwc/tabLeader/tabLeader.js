// One softphone per agent, not one per browser tab (deploy review #12). Lightning loads the Open CTI utility in
// every tab, and each would otherwise open its own CometD client (Developer Edition allows 20 at once), pop the
// caller's record and queue the wrap-up. Here the agent's tabs elect one leader that owns the CometD connection,
// the screen pops and the wrap-up queue; the others mirror what it broadcasts.
// - Election: a Web Lock named per agent (MDN "Web Locks API"). The lock is held while the granted callback's
//   promise is pending, released when its tab closes or reloads, and the next waiting request is granted then, so a
//   closing leader hands over without a gap that a poll would leave.
// - Mirroring: a BroadcastChannel of the same name (MDN "BroadcastChannel"): same-origin documents of one browser
//   profile. The Visualforce frames of one org share the `*.vf.force.com` origin and the top-level site, so storage
//   partitioning puts them in the same partition.
// Without either API every tab is its own leader, as before.

/**
 * @param options.locks `navigator.locks`, or undefined
 * @param options.BroadcastChannel the `BroadcastChannel` class, or undefined
 * @param options.name the lock and channel name: one per agent
 */
export function createTabLeader({ locks, BroadcastChannel: Channel, name } = {}) {
  const handlers = { leader: [], message: [] };
  let leader = false;
  let stopped = false;
  let channel = null;
  let release = null;

  function becomeLeader() {
    if (leader || stopped) return;
    leader = true;
    handlers.leader.forEach((handler) => handler());
  }

  return {
    start() {
      stopped = false;
      if (!locks || !Channel) {
        becomeLeader();
        return;
      }
      channel = new Channel(name);
      channel.onmessage = (event) => handlers.message.forEach((handler) => handler(event.data));
      locks
        .request(name, () => {
          if (stopped) return undefined;
          becomeLeader();
          return new Promise((resolve) => {
            release = resolve;
          });
        })
        // A refused lock (a sandboxed frame) must not leave the agent with no softphone: lead alone.
        .catch(becomeLeader);
    },
    stop() {
      stopped = true;
      leader = false;
      if (release) release();
      release = null;
      if (channel) channel.close();
      channel = null;
    },
    /** Sends `message` to the agent's other tabs (never to this one). */
    post(message) {
      if (channel) channel.postMessage(message);
    },
    onLeader: (handler) => handlers.leader.push(handler),
    onMessage: (handler) => handlers.message.push(handler),
    get isLeader() {
      return leader;
    }
  };
}

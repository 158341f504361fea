// The browser APIs c/tabLeader elects the agent's leader tab with, as MDN describes them, for tests of several tabs.

/**
 * navigator.locks as MDN "Web Locks API" describes an exclusive lock: granted to one request at a time, in
 * request order; held until the callback's promise settles; a tab closing settles it.
 */
export function fakeLocks() {
  const queues = new Map();
  const held = new Set();
  function grantNext(name) {
    const queue = queues.get(name) || [];
    if (held.has(name) || !queue.length) return;
    held.add(name);
    const { callback, done } = queue.shift();
    Promise.resolve(callback({ name, mode: 'exclusive' }))
      .then(done)
      .finally(() => {
        held.delete(name);
        grantNext(name);
      });
  }
  return {
    request(name, callback) {
      return new Promise((done) => {
        queues.set(name, [...(queues.get(name) || []), { callback, done }]);
        Promise.resolve().then(() => grantNext(name));
      });
    }
  };
}

/** BroadcastChannel (MDN): a message reaches every other open channel of the same name, never the sender. */
export function fakeChannels() {
  const open = new Set();
  return class FakeChannel {
    constructor(name) {
      this.name = name;
      open.add(this);
    }
    postMessage(data) {
      [...open]
        .filter((c) => c !== this && c.name === this.name)
        .forEach((c) => Promise.resolve().then(() => c.onmessage && c.onmessage({ data })));
    }
    close() {
      open.delete(this);
    }
  };
}

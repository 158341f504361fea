// A small JSON store in the browser's localStorage, one key per agent, so an agent's wrap-up drafts and
// handled calls survive a reload and are shared by the agent's tabs, never by another agent on the machine.

/** A store that forgets on reload: used when the browser refuses localStorage (private mode, quota). */
export function createMemoryStore() {
  const values = new Map();
  return {
    load: (name) => (values.has(name) ? values.get(name) : null),
    save: (name, value) => {
      values.set(name, value);
    },
    remove: (name) => {
      values.delete(name);
    }
  };
}

/**
 * @param storage `window.localStorage` (or anything with getItem/setItem)
 * @param userId the agent's user id: part of every key
 */
export function createLocalStore(storage, userId) {
  if (!storage) return createMemoryStore();
  const key = (name) => `kazooSoftphone:${userId}:${name}`;
  return {
    load(name) {
      try {
        const text = storage.getItem(key(name));
        return text ? JSON.parse(text) : null;
      } catch {
        return null;
      }
    },
    save(name, value) {
      try {
        storage.setItem(key(name), JSON.stringify(value));
      } catch {
        // A full or refused storage loses only the reload copy; the page keeps its own state.
      }
    },
    remove(name) {
      try {
        storage.removeItem(key(name));
      } catch {
        // As for save: only the reload copy is concerned.
      }
    }
  };
}

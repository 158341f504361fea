/** window.localStorage as MDN "Storage" describes it (strings in, strings out), listing the keys written. */
export function fakeStorage() {
  const items = new Map();
  const written = [];
  return {
    written,
    items,
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => {
      written.push(key);
      items.set(key, String(value));
    },
    removeItem: (key) => items.delete(key)
  };
}

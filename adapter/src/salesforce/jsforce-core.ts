/**
 * jsforce's core (what its `jsforce/core` entry points at: Connection, OAuth2, query, sobject,
 * search, request) without the API modules its main entry also registers (analytics, apex, bulk,
 * bulk2, chatter, metadata, soap, streaming, tooling), none of which the adapter uses. Loading
 * them costs every adapter process ≈ 10 MiB of memory. The file path, because Node's ES module
 * resolver does not follow the `core/package.json` directory entry.
 */
export { Connection, OAuth2 } from 'jsforce/lib/core.js';

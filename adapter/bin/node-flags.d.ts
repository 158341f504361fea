/** The V8 flags the adapter runs with (node-flags.js). */
export declare const ADAPTER_NODE_FLAGS: readonly string[];

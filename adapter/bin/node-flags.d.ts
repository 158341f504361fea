/** The V8 flags the adapter runs with (node-flags.js). */
export declare const ADAPTER_NODE_FLAGS: readonly string[];
/** The environment the adapter's Node process is started with, on top of the caller's (node-flags.js). */
export declare const ADAPTER_ENV: Readonly<Record<string, string>>;

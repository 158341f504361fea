/** Types of build-adapter.mjs, for the benches that build with it. */
export declare function buildAdapter(options?: {
  entry?: string;
  outfile?: string;
  define?: Record<string, string>;
}): Promise<string>;

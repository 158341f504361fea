// How Node runs the adapter (the bin's shebang and `npm run adapter` repeat both: a shebang
// cannot import).
// A young generation of at most 2 × 8 MiB instead of Node 20's 2 × 16 MiB: the adapter's heap is
// mostly long-lived call state, and the larger nursery held ≈ 20 MiB more at 10,000 calls in
// flight (npm run bench pipeline). A smaller one (4 MiB) promoted objects too early: 155 MiB.
export const ADAPTER_NODE_FLAGS = ['--max-semi-space-size=8'];

// One glibc malloc arena instead of one per thread (V8's GC and compiler threads each touched an
// arena of their own): RSS at 10,000 calls in flight 157–166 → 150–151 MiB, the pipeline's
// events/s the same within noise (memory child and pipeline bench, A/B on the 2-core machine).
// glibc reads it when the process starts, so it must be in the environment Node is started with.
// The spawns that use this (npm start, the devstack, the bench) and `npm run adapter` keep a value
// the operator set; the bin's shebang sets 1.
export const ADAPTER_ENV = { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '1' };

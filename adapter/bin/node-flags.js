// How Node runs the adapter (the bin's shebang and `npm run adapter` repeat these: a shebang
// cannot import).
// A young generation of at most 2 × 8 MiB instead of Node 20's 2 × 16 MiB: the adapter's heap is
// mostly long-lived call state, and the larger nursery held ≈ 20 MiB more at 10,000 calls in
// flight (npm run bench pipeline). A smaller one (4 MiB) promoted objects too early: 155 MiB.
// Every full GC compacts the old space, not only the pages V8's heuristics pick: at 10,000 calls
// in flight a full GC left 20 MiB free inside old-space pages (62.7 MiB of pages for 42.6 MiB
// live), so RSS was 146.9–156.9 MiB depending on which pages it kept; compacted, 137.7–138.3.
// Full GCs are rare (the old space doubles between them) and measured no longer at this heap size
// (45–130 ms either way with --trace-gc), the pipeline's events/s the same within noise.
// (--optimize-for-size gave 129–133 MiB but halved the pipeline's events/s.)
export const ADAPTER_NODE_FLAGS = ['--max-semi-space-size=8', '--compact-on-every-full-gc'];

// One glibc malloc arena instead of one per thread (V8's GC and compiler threads each touched an
// arena of their own): RSS at 10,000 calls in flight 157–166 → 150–151 MiB, the pipeline's
// events/s the same within noise (memory child and pipeline bench, A/B on the 2-core machine).
// glibc reads it when the process starts, so it must be in the environment Node is started with.
// The spawns that use this (npm start, the devstack, the bench) and `npm run adapter` keep a value
// the operator set; the bin's shebang sets 1.
export const ADAPTER_ENV = { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '1' };

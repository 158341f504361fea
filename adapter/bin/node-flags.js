// The V8 flags the adapter runs with (the bin's shebang repeats them: a shebang cannot import).
// A young generation of at most 2 × 8 MiB instead of Node 20's 2 × 16 MiB: the adapter's heap is
// mostly long-lived call state, and the larger nursery held ≈ 20 MiB more at 10,000 calls in
// flight (npm run bench pipeline). A smaller one (4 MiB) promoted objects too early: 155 MiB.
export const ADAPTER_NODE_FLAGS = ['--max-semi-space-size=8'];

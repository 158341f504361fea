import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiAuthBucket } from '../../kazoo/api-auth-bucket.ts';

test('two logins a second pass from one address, the third is refused; other addresses are not affected', () => {
  const bucket = new ApiAuthBucket();
  // 100 tokens, 35 a login: 100 → 65 → 30, and 30 < 35.
  assert.deepEqual(
    [0, 0, 0].map((at) => bucket.consume('10.0.0.1', at)),
    [true, true, false]
  );
  assert.equal(bucket.consume('10.0.0.2', 0), true);
  // 10 tokens a second: 30 + 5 = 35 after half a second.
  assert.equal(bucket.consume('10.0.0.1', 499), false);
  assert.equal(bucket.consume('10.0.0.1', 500), true);
});

/** Logs never carry secrets: keys that name one are redacted wherever they appear. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../src/app/create-logger.ts';

test('secrets in a logged config or error are redacted, other fields stay', () => {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => lines.push(line) });
  logger.info(
    {
      tenant: 'acme',
      config: { kazoo: { apiKey: 'kazoo-secret' }, auth: { privateKey: 'pem-secret', clientSecret: 'cs' } },
      token: { accessToken: 'at-secret', refresh_token: 'rt-secret' }
    },
    'starting'
  );
  const text = lines.join('');
  for (const secret of ['kazoo-secret', 'pem-secret', 'at-secret', 'rt-secret', '"cs"'])
    assert.ok(!text.includes(secret), secret);
  assert.match(text, /"tenant":"acme"/);
  assert.match(text, /\[redacted\]/);
});

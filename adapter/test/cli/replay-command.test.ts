import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { fixtureNames, loadFixture } from '../fixtures/kazoo/load-fixtures.ts';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../../bin/cti-adapter.js');
const run = promisify(execFile);

async function replay(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, 'replay', ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('cti-adapter replay', () => {
  for (const name of fixtureNames()) {
    it(`prints exactly the expected records for ${name}`, async () => {
      const fixture = loadFixture(name);
      const result = await replay('--events', fixture.eventsPath);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, fixture.expectedText);
      assert.match(result.stderr, new RegExp(`, ${fixture.expected.length} records\\n$`));
    });
  }

  it('gives byte-identical output for a reversed file with every line twice', async () => {
    const fixture = loadFixture('inbound-ring-group');
    const lines = readFileSync(fixture.eventsPath, 'utf8').split('\n').filter(Boolean).reverse();
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    const file = join(dir, 'reversed.jsonl');
    writeFileSync(file, [...lines, ...lines].join('\n'));
    const result = await replay('--events', file, '--grace', '5');
    assert.equal(result.stdout, fixture.expectedText);
  });

  it('counts rejected lines with their reasons and still prints the records', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    const file = join(dir, 'mixed.jsonl');
    const good = readFileSync(loadFixture('inbound-ivr-abandon').eventsPath, 'utf8');
    writeFileSync(file, `${good}{"event_name":"CHANNEL_CREATE"}\nnot json\n`);
    const result = await replay('--events', file);
    assert.equal(result.code, 0);
    assert.equal(result.stdout.split('\n').filter(Boolean).length, 1);
    assert.match(
      result.stderr,
      /5 events read, 2 rejected \(call_id: .* ×1; not JSON ×1\), 0 duplicates dropped, 1 records/
    );
  });

  it('exits 2 on an unreadable file and on bad arguments', async () => {
    const missing = await replay('--events', '/nonexistent/events.jsonl');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read \/nonexistent\/events.jsonl/);
    const noFile = await replay();
    assert.equal(noFile.code, 2);
    assert.match(noFile.stderr, /missing --events FILE\nusage: cti-adapter replay/);
    const badRegion = await replay('--events', 'x', '--region', 'XX');
    assert.match(badRegion.stderr, /unknown region 'XX'/);
    const badGrace = await replay('--events', 'x', '--grace', '-1');
    assert.equal(badGrace.code, 2);
  });
});

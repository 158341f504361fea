// The package bin runs the built adapter only while it is current: a deployment that ran
// `npm run build` gets the built file, and a source edited after the build is never run stale.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO = join(import.meta.dirname, '../../..');

/** A copy of the bin in a throwaway adapter whose built file and sources each print who ran. */
function fakeAdapter(): { bin: string; built: string; source: string } {
  const root = mkdtempSync(join(tmpdir(), 'cti-bin-'));
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
  for (const dir of ['adapter/bin', 'adapter/dist', 'adapter/src/cli']) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'adapter/package.json'), '{ "type": "module" }\n');
  const bin = join(root, 'adapter/bin/cti-adapter.js');
  copyFileSync(join(REPO, 'adapter/bin/cti-adapter.js'), bin);
  const built = join(root, 'adapter/dist/cti-adapter.js');
  writeFileSync(built, "console.log('built');\n");
  const source = join(root, 'adapter/src/cli/main.ts');
  writeFileSync(source, "const ran: string = 'sources';\nconsole.log(ran);\n");
  return { bin, built, source };
}

const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);

describe('cti-adapter bin', () => {
  it('runs the built adapter when it is newer than every source file', async () => {
    const { bin, built, source } = fakeAdapter();
    at(source, 1_700_000_000);
    at(built, 1_700_000_100);
    const { stdout } = await run(process.execPath, [bin]);
    assert.equal(stdout, 'built\n');
  });

  it('runs the TypeScript sources when one was edited after the build', async () => {
    const { bin, built, source } = fakeAdapter();
    at(built, 1_700_000_000);
    at(source, 1_700_000_100);
    const { stdout } = await run(process.execPath, [bin]);
    assert.equal(stdout, 'sources\n');
  });

  it('runs the TypeScript sources when nothing was built', async () => {
    const { bin, built } = fakeAdapter();
    rmSync(built);
    const { stdout } = await run(process.execPath, [bin]);
    assert.equal(stdout, 'sources\n');
  });
});

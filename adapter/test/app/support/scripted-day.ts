/**
 * A scripted day of calls built from the Kazoo fixtures: every scenario is played `copies` times
 * with its call and interaction ids made unique per copy, so calls overlap as they would on a
 * busy day. The replay CLI's output for the same file is the truth the org must end with.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const FIXTURES = join(import.meta.dirname, '../../fixtures/kazoo');
const ID_KEYS = /^(call_id|other_leg_call_id|bridge_id|call_interaction_id|interaction_id)$/i;

function collectIds(value: unknown, ids: Set<string>): void {
  if (Array.isArray(value)) value.forEach((v) => collectIds(v, ids));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (typeof v === 'string' && ID_KEYS.test(key.replaceAll('-', '_')) && v.length > 3) ids.add(v);
      else collectIds(v, ids);
    }
  }
}

/** Raw event lines of the day, scenario copy after scenario copy. */
export function buildScriptedDay(copies: number): string[] {
  return buildScriptedCalls(copies).flat();
}

/**
 * The day as one list of raw event lines per call (each scenario copy is one call); copies are
 * numbered from `firstCopy`, so a long day can be built a few copies at a time.
 */
export function buildScriptedCalls(copies: number, firstCopy = 0): string[][] {
  const scenarios = readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.jsonl') && !name.endsWith('.expected.jsonl'))
    .sort()
    .map((name) =>
      readFileSync(join(FIXTURES, name), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    );
  const calls: string[][] = [];
  for (let copy = firstCopy; copy < firstCopy + copies; copy++) {
    for (const scenario of scenarios) {
      const lines: string[] = [];
      calls.push(lines);
      const ids = new Set<string>();
      for (const line of scenario) collectIds(JSON.parse(line), ids);
      const ordered = [...ids].sort((a, b) => b.length - a.length);
      for (const line of scenario) {
        // One pass with an alternation, so an id inside a longer id is rewritten consistently.
        const pattern = new RegExp(ordered.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
        lines.push(ordered.length ? line.replace(pattern, (id) => `${id}-d${copy}`) : line);
      }
    }
  }
  return calls;
}

/** What `cti-adapter replay` prints for the lines: one record per line. */
export async function replayRecords(lines: string[], dir: string): Promise<Record<string, unknown>[]> {
  const file = join(dir, 'day.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const bin = join(import.meta.dirname, '../../../bin/cti-adapter.js');
  const { stdout } = await promisify(execFile)(process.execPath, [bin, 'replay', '--events', file, '--grace', '0'], {
    maxBuffer: 64 * 1024 * 1024
  });
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

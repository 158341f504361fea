// Line and branch coverage per folder, for `npm test`: no thresholds, just the figures, so a
// folder that loses its tests shows. Reads node's lcov report (adapter and devstack unit stage)
// and jest's json-summary (LWC).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The folder a source file is reported under, or null for tests and support code. */
function folderOf(file) {
  if (/(^|\/)(test|tests|__tests__|e2e|bench)\//.test(file) || file.startsWith('scripts/')) return null;
  const adapter = /^adapter\/src\/([^/]+)\//.exec(file);
  if (adapter) return `adapter/src/${adapter[1]}`;
  const devstack = /^devstack\/([^/]+)\//.exec(file);
  if (devstack) return `devstack/${devstack[1]}`;
  const lwc = /^force-app\/main\/default\/lwc\/([^/]+)\//.exec(file);
  if (lwc) return `lwc/${lwc[1]}`;
  return null;
}

function add(folders, folder, counts) {
  const into = folders.get(folder) ?? { lines: 0, linesHit: 0, branches: 0, branchesHit: 0, files: 0 };
  into.lines += counts.lines;
  into.linesHit += counts.linesHit;
  into.branches += counts.branches;
  into.branchesHit += counts.branchesHit;
  into.files += 1;
  folders.set(folder, into);
}

/** Per-folder totals from an lcov file (LF/LH lines, BRF/BRH branches per SF record). */
export function foldersFromLcov(text, root) {
  const folders = new Map();
  const loaded = new Set();
  let file = null;
  let counts = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('SF:')) {
      file = relative(root, join(root, line.slice(3)));
      counts = { lines: 0, linesHit: 0, branches: 0, branchesHit: 0 };
    } else if (counts && line.startsWith('LF:')) counts.lines = Number(line.slice(3));
    else if (counts && line.startsWith('LH:')) counts.linesHit = Number(line.slice(3));
    else if (counts && line.startsWith('BRF:')) counts.branches = Number(line.slice(4));
    else if (counts && line.startsWith('BRH:')) counts.branchesHit = Number(line.slice(4));
    else if (line === 'end_of_record' && file && counts) {
      const folder = folderOf(file);
      if (folder) {
        add(folders, folder, counts);
        loaded.add(file);
      }
      file = null;
      counts = null;
    }
  }
  return { folders, loaded };
}

/** Per-folder totals from jest's coverage-summary.json. */
export function foldersFromJestSummary(summary, root) {
  const folders = new Map();
  for (const [path, entry] of Object.entries(summary)) {
    if (path === 'total') continue;
    const folder = folderOf(relative(root, path));
    if (!folder) continue;
    add(folders, folder, {
      lines: entry.lines.total,
      linesHit: entry.lines.covered,
      branches: entry.branches.total,
      branchesHit: entry.branches.covered
    });
  }
  return folders;
}

/** Source files under `dirs` that no test process loaded (they count as no coverage at all). */
export function unloadedSources(root, dirs, loaded) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(join(root, dir))) {
      const path = join(dir, name);
      if (name === 'node_modules' || name.startsWith('.')) continue;
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (/\.(ts|mjs)$/.test(name) && !name.endsWith('.d.ts') && folderOf(path) && !loaded.has(path))
        out.push(path);
    }
  };
  for (const dir of dirs) if (existsSync(join(root, dir))) walk(dir);
  return out.sort();
}

const percent = (hit, total) => (total === 0 ? '   -  ' : `${((100 * hit) / total).toFixed(1).padStart(5)}%`);

/** The table printed in the test output, one row per folder plus a total. */
export function formatFolders(title, folders) {
  const rows = [...folders.entries()].sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(24, ...rows.map(([name]) => name.length));
  const total = { lines: 0, linesHit: 0, branches: 0, branchesHit: 0, files: 0 };
  const out = [`coverage ${title}`, `  ${'folder'.padEnd(width)}  lines    branches  files`];
  for (const [name, c] of rows) {
    for (const key of Object.keys(total)) total[key] += c[key];
    out.push(
      `  ${name.padEnd(width)}  ${percent(c.linesHit, c.lines)}   ${percent(c.branchesHit, c.branches)}   ${c.files}`
    );
  }
  out.push(
    `  ${'all'.padEnd(width)}  ${percent(total.linesHit, total.lines)}   ${percent(total.branchesHit, total.branches)}   ${total.files}`
  );
  return out.join('\n');
}

export function readLcov(path) {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

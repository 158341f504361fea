#!/usr/bin/env node
// Builds the softphone's two static resources with rollup (softphone/README.md):
//   softphoneBundle.js: the LWC engine + every component/service under force-app/main/default/lwc (namespace c)
//   cometd.js: the cometd npm package exposed as window.org.cometd
// Both are generated files: .gitignore keeps them out of the repository. It then builds the harness-only admin
// setup page bundle (scripts/build-admin-harness.mjs, devstack/harness/dist/).
import { readdirSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { rollup } from 'rollup';
import lwc from '@lwc/rollup-plugin';
import replace from '@rollup/plugin-replace';
import { buildAdminHarness } from './build-admin-harness.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const lwcDir = join(root, 'force-app/main/default/lwc');
const outDir = join(root, 'force-app/main/default/staticresources');
const require = createRequire(import.meta.url);

/** Our folders are `lwc/<name>/<name>.js` (no namespace folder), so each module gets an alias record `c/<name>`. */
function componentModules() {
  return readdirSync(lwcDir)
    .filter((name) => statSync(join(lwcDir, name)).isDirectory() && existsSync(join(lwcDir, name, `${name}.js`)))
    .map((name) => ({ name: `c/${name}`, path: join(lwcDir, name, `${name}.js`) }));
}

const production = replace({
  preventAssignment: true,
  values: { 'process.env.NODE_ENV': JSON.stringify('production') }
});

/** cometd ships ES modules only; point the bare specifier at its entry file. */
const resolveCometd = {
  name: 'resolve-cometd',
  resolveId(source) {
    return source === 'cometd' ? join(require.resolve('cometd/package.json'), '..', 'cometd.js') : null;
  }
};

/** The softphone formats numbers with libphonenumber-js (its `min` metadata); rollup has no node resolution here. */
const resolveLibphonenumber = {
  name: 'resolve-libphonenumber',
  resolveId(source) {
    return source === 'libphonenumber-js/min'
      ? join(require.resolve('libphonenumber-js/package.json'), '..', 'min', 'index.js')
      : null;
  }
};

async function build(name, input, plugins) {
  const started = Date.now();
  const bundle = await rollup({ input, plugins, onwarn: (warning, warn) => warn(warning) });
  const file = join(outDir, `${name}.js`);
  await bundle.write({ file, format: 'iife', name: undefined, sourcemap: false });
  await bundle.close();
  const kb = (statSync(file).size / 1024).toFixed(1);
  console.log(`${name}.js: ${kb} KB in ${Date.now() - started} ms`);
}

try {
  await build('softphoneBundle', join(root, 'softphone/main.js'), [
    resolveLibphonenumber,
    lwc({ rootDir: lwcDir, modules: componentModules(), enableStaticContentOptimization: true }),
    production
  ]);
  await build('cometd', join(root, 'softphone/cometd-entry.js'), [resolveCometd, production]);
  // Not a static resource: the harness's admin page (devstack/harness/dist, git-ignored).
  await buildAdminHarness();
} catch (error) {
  console.error(`softphone build failed: ${error.message}`);
  if (error.loc) console.error(`  at ${error.loc.file}:${error.loc.line}:${error.loc.column}`);
  process.exitCode = 1;
}

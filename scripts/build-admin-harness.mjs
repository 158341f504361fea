#!/usr/bin/env node
// Builds the harness-only bundle of the Telephony admin setup page (devstack/salesforce/README.md, "Admin setup page"):
// force-app's telephonyAdminSetup with `lightning/*` resolved to the stand-ins in devstack/harness/lightning and
// `@salesforce/apex/<Class>.<method>` to functions that post to the Salesforce stand-in. Never deployed: it is
// written to devstack/harness/dist/ (git-ignored), apart from the static resources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import lwc from '@lwc/rollup-plugin';
import replace from '@rollup/plugin-replace';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const lwcDir = join(root, 'force-app/main/default/lwc');
const harnessDir = join(root, 'devstack/harness');
const standInDir = join(harnessDir, 'lightning');
const apexModule = join(standInDir, 'apex/apex.js');
/** The bundle the harness admin page loads. */
export const ADMIN_BUNDLE = join(harnessDir, 'dist/telephonyAdminSetup.js');
const require = createRequire(import.meta.url);
const APEX_PREFIX = '\0harness-apex:';

/** `lightning/<name>` → devstack/harness/lightning/<name>/<name>.js, for every stand-in there. */
function lightningModules() {
  return readdirSync(standInDir)
    .filter((name) => name !== 'apex' && existsSync(join(standInDir, name, `${name}.js`)))
    .map((name) => ({ name: `lightning/${name}`, path: join(standInDir, name, `${name}.js`) }));
}

function componentModules() {
  return readdirSync(lwcDir)
    .filter((name) => statSync(join(lwcDir, name)).isDirectory() && existsSync(join(lwcDir, name, `${name}.js`)))
    .map((name) => ({ name: `c/${name}`, path: join(lwcDir, name, `${name}.js`) }));
}

/** Each Apex import becomes `apexMethod('<Class>', '<method>')`; synthetic shadow comes from node_modules. */
const harnessResolution = {
  name: 'harness-resolution',
  resolveId(source) {
    if (source === '@lwc/synthetic-shadow') {
      return join(require.resolve('@lwc/synthetic-shadow/package.json'), '..', 'dist', 'index.js');
    }
    const apex = /^@salesforce\/apex\/(\w+)\.(\w+)$/.exec(source);
    return apex ? `${APEX_PREFIX}${apex[1]}.${apex[2]}` : null;
  },
  load(id) {
    if (!id.startsWith(APEX_PREFIX)) return null;
    const [controller, method] = id.slice(APEX_PREFIX.length).split('.');
    return `import { apexMethod } from ${JSON.stringify(apexModule)};\nexport default apexMethod(${JSON.stringify(controller)}, ${JSON.stringify(method)});\n`;
  }
};

export async function buildAdminHarness() {
  const started = Date.now();
  const bundle = await rollup({
    input: join(harnessDir, 'admin-setup-entry.js'),
    plugins: [
      harnessResolution,
      lwc({ rootDir: lwcDir, modules: [...lightningModules(), ...componentModules()] }),
      replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } })
    ],
    onwarn: (warning, warn) => warn(warning)
  });
  await bundle.write({ file: ADMIN_BUNDLE, format: 'iife', sourcemap: false });
  await bundle.close();
  console.log(
    `telephonyAdminSetup.js (harness): ${(statSync(ADMIN_BUNDLE).size / 1024).toFixed(1)} KB in ${Date.now() - started} ms`
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildAdminHarness().catch((error) => {
    console.error(`admin harness build failed: ${error.message}`);
    if (error.loc) console.error(`  at ${error.loc.file}:${error.loc.line}:${error.loc.column}`);
    process.exitCode = 1;
  });
}

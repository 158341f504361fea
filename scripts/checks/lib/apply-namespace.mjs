// Builds a copy of a package directory as a managed install names it: every custom object, custom field,
// Visualforce page and external credential of the package gets the `ns__` prefix, and so do the references the
// platform resolves inside packaged metadata (permission-set field and object names, formula references such as
// `$Credential.Name.Param`). Free text (a URL, a PushTopic query, JSON, JavaScript) is copied as is, because
// nothing rewrites it on install: that is what namespace.mjs then checks.
import { cpSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const CUSTOM = /\b([A-Za-z][A-Za-z0-9_]*__c)\b/g;

/** `Name__c` → `ns__Name__c` (PushTopicInstaller.withNamespace does the same to its query). */
export const namespaced = (text, ns) => text.replace(CUSTOM, `${ns}__$1`);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? [full, ...walk(full)] : [full];
  });
}

/**
 * @param {string} source the package directory (e.g. force-app)
 * @param {string} target where the namespaced copy goes (must not exist)
 * @param {string} ns the namespace
 */
export function applyNamespace(source, target, ns) {
  cpSync(source, target, { recursive: true });
  const credentials = walk(target)
    .filter((f) => f.endsWith('.externalCredential-meta.xml'))
    .map((f) => basename(f).split('.')[0]);
  // Rename deepest first so directory renames do not move files still to be renamed.
  for (const path of walk(target).sort((a, b) => b.length - a.length)) {
    const name = basename(path);
    const parent = basename(dirname(path));
    const renamed =
      /^[A-Za-z][A-Za-z0-9_]*__c(\.|$)/.test(name) ||
      (parent === 'pages' && /\.page(-meta\.xml)?$/.test(name)) ||
      (parent === 'externalCredentials' && name.endsWith('.externalCredential-meta.xml'));
    if (renamed) renameSync(path, join(dirname(path), `${ns}__${name}`));
  }
  for (const file of walk(target).filter((f) => f.endsWith('-meta.xml') && !f.includes('/staticresources/'))) {
    let text = readFileSync(file, 'utf8');
    text = text.replace(
      /<(field|object|fieldName|apexPage|externalCredential|externalCredentialPrincipal)>([^<]+)</g,
      (m, tag, value) => {
        if (tag === 'apexPage') return `<${tag}>${ns}__${value}<`;
        if (tag.startsWith('externalCredential'))
          return credentials.some((c) => value.startsWith(c)) ? `<${tag}>${ns}__${value}<` : m;
        return `<${tag}>${namespaced(value, ns)}<`;
      }
    );
    text = text.replace(/\$Credential\.([A-Za-z0-9_]+)\./g, (m, name) =>
      credentials.includes(name) ? `$Credential.${ns}__${name}.` : m
    );
    writeFileSync(file, text);
  }
}

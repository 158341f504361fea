// Cross-file references a deploy would reject: a permission set naming a class, page, tab, custom
// field or credential principal that is not in the package, a report on a report type that is not
// there, a dashboard showing a report that is not there. Standard objects and fields are trusted.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

const parser = new XMLParser({ parseTagValue: false, isArray: () => true });
const first = (node, key) => node?.[key]?.[0];

/**
 * @param {string[]} files every file of the package (absolute or cwd-relative)
 * @param {string} defaultDir the `main/default` folder the references point into
 * @returns {{ file: string, message: string }[]}
 */
export function checkReferences(files, defaultDir) {
  const problems = [];
  const has = (...parts) => existsSync(join(defaultDir, ...parts));
  const read = (file) => parser.parse(readFileSync(file, 'utf8'));

  for (const file of files.filter((f) => f.endsWith('.permissionset-meta.xml'))) {
    const set = first(read(file), 'PermissionSet') ?? {};
    const missing = (what) => problems.push({ file, message: `references ${what}, which is not in the package` });
    for (const access of set.classAccesses ?? []) {
      const name = first(access, 'apexClass');
      if (!has('classes', `${name}.cls`)) missing(`Apex class ${name}`);
    }
    for (const access of set.pageAccesses ?? []) {
      const name = first(access, 'apexPage');
      if (!has('pages', `${name}.page`)) missing(`Visualforce page ${name}`);
    }
    for (const permission of set.customPermissions ?? []) {
      const name = first(permission, 'name');
      if (!has('customPermissions', `${name}.customPermission-meta.xml`)) missing(`custom permission ${name}`);
    }
    for (const tab of set.tabSettings ?? []) {
      const name = first(tab, 'tab');
      if (name.includes('__') || !name.startsWith('standard-')) {
        if (!has('tabs', `${name}.tab-meta.xml`)) missing(`tab ${name}`);
      }
    }
    for (const permission of set.fieldPermissions ?? []) {
      const [object, field] = first(permission, 'field').split('.');
      if (field.endsWith('__c') && !has('objects', object, 'fields', `${field}.field-meta.xml`))
        missing(`field ${object}.${field}`);
    }
    for (const permission of set.objectPermissions ?? []) {
      const object = first(permission, 'object');
      if (object.endsWith('__c') && !has('objects', object, `${object}.object-meta.xml`)) missing(`object ${object}`);
    }
    for (const access of set.externalCredentialPrincipalAccesses ?? []) {
      const reference = first(access, 'externalCredentialPrincipal');
      const [credential, principal] = reference.split(/-(.*)/s);
      const path = join(defaultDir, 'externalCredentials', `${credential}.externalCredential-meta.xml`);
      const principals = existsSync(path)
        ? (first(read(path), 'ExternalCredential')?.externalCredentialParameters ?? [])
            .filter((p) => first(p, 'parameterType') === 'NamedPrincipal')
            .map((p) => first(p, 'parameterName'))
        : [];
      if (!principals.includes(principal)) missing(`external credential principal ${reference}`);
    }
  }

  for (const file of files.filter((f) => f.endsWith('.report-meta.xml'))) {
    const type = first(first(read(file), 'Report'), 'reportType') ?? '';
    if (type.endsWith('__c') && !has('reportTypes', `${type.slice(0, -3)}.reportType-meta.xml`)) {
      problems.push({ file, message: `uses report type ${type}, which is not in the package` });
    }
  }

  for (const file of files.filter((f) => f.endsWith('.dashboard-meta.xml'))) {
    const text = readFileSync(file, 'utf8');
    for (const [, report] of text.matchAll(/<report>([^<]+)<\/report>/g)) {
      if (!has('reports', `${report}.report-meta.xml`)) {
        problems.push({ file, message: `shows report ${report}, which is not in the package (${basename(file)})` });
      }
    }
  }
  return problems;
}

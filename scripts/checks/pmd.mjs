#!/usr/bin/env node
// PMD security rules over the package through Salesforce Code Analyzer (core + PMD engine, Java 17):
// sharing, CRUD/FLS, SOQL injection, XSS/redirect/endpoint rules, VF escaping and CSRF, unit tests with
// asserts. Every finding is printed; any finding of severity 1-2 fails. Missing sharing declarations
// and test classes without asserts are raised to severity 2, because the project never accepts them.
// Usage: node scripts/checks/pmd.mjs [dir]   (default: force-app)
import { resolve, relative } from 'node:path';
import { existsSync } from 'node:fs';
import { CodeAnalyzer, CodeAnalyzerConfig, EventType, LogLevel, SeverityLevel } from '@salesforce/code-analyzer-core';
import { createEnginePlugin } from '@salesforce/code-analyzer-pmd-engine';

export const SECURITY_RULES = [
  'ApexCRUDViolation',
  'ApexSharingViolations',
  'ApexSOQLInjection',
  'ApexUnitTestClassShouldHaveAsserts',
  'ApexXSSFromURLParam',
  'ApexXSSFromEscapeFalse',
  'ApexOpenRedirect',
  'ApexInsecureEndpoint',
  'ApexSuggestUsingNamedCred',
  'ApexBadCrypto',
  'ApexDangerousMethods',
  'VfUnescapeEl',
  'VfCsrf',
  'VfHtmlStyleTagXss'
];
const RAISED_TO_HIGH = ['ApexSharingViolations', 'ApexUnitTestClassShouldHaveAsserts'];

const target = resolve(process.argv[2] ?? 'force-app');
if (!existsSync(target)) {
  console.log(`FAIL ${target} does not exist`);
  process.exit(1);
}
const started = Date.now();
const config = CodeAnalyzerConfig.fromObject({
  rules: { pmd: Object.fromEntries(RAISED_TO_HIGH.map((rule) => [rule, { severity: SeverityLevel.High }])) }
});
const analyzer = new CodeAnalyzer(config);
// A file PMD cannot parse is skipped with only a log event: count those, or it would pass unchecked.
const engineErrors = [];
analyzer.onEvent(EventType.EngineLogEvent, (event) => {
  if (event.logLevel <= LogLevel.Error) engineErrors.push(event.message.trim());
});
analyzer.onEvent(EventType.LogEvent, (event) => {
  if (event.logLevel <= LogLevel.Error) engineErrors.push(event.message.trim());
});
await analyzer.addEnginePlugin(createEnginePlugin());
const selection = await analyzer.selectRules(SECURITY_RULES.map((rule) => `pmd:${rule}`));
const missing = SECURITY_RULES.filter((rule) => !selection.getRulesFor('pmd').some((r) => r.getName() === rule));
if (missing.length) {
  console.log(`FAIL the PMD engine does not know the rules: ${missing.join(', ')}`);
  process.exit(1);
}
const workspace = await analyzer.createWorkspace([target]);
const results = await analyzer.run(selection, { workspace });

let blocking = 0;
for (const violation of results.getViolations()) {
  const rule = violation.getRule();
  const where = violation.getPrimaryLocation();
  const file = where.getFile() ? relative(process.cwd(), where.getFile()) : '(no file)';
  const severity = rule.getSeverityLevel();
  if (severity <= SeverityLevel.High) blocking++;
  const tag = severity <= SeverityLevel.High ? 'FAIL' : 'warn';
  console.log(
    `${tag} ${file}:${where.getStartLine()}:${where.getStartColumn()} sev${severity} pmd:${rule.getName()} ${violation.getMessage().trim()}`
  );
}
for (const error of engineErrors) console.log(`FAIL ${error}`);
console.log(
  `pmd: ${selection.getCount()} rules, ${results.getViolationCount()} findings, ${blocking} of severity 1-2, in ${Date.now() - started} ms`
);
process.exit(blocking === 0 && engineErrors.length === 0 ? 0 : 1);

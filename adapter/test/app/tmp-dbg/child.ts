import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
console.log('start');
const { startSalesforceStandIn } = await import('/work/main/devstack/salesforce/index.ts');
console.log('imported');
const { publicKey } = await generateKeyPair('RS256', { extractable: true });
const org = await startSalesforceStandIn({ jwtCertificatePem: await exportSPKI(publicKey), harness: false });
console.log('started', org.loginUrl);
await org.stop();
console.log('stopped');
const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
console.log(handles.map((h) => (h as object).constructor.name));
for (const h of handles) if ((h as object).constructor.name === 'Timeout') console.log((h as { _onTimeout: () => void; _idleTimeout: number })._idleTimeout, String((h as { _onTimeout: () => void })._onTimeout).slice(0, 300));
for (const h of handles) { const s = h as { address(): unknown; listeners(e: string): unknown[] }; console.log(s.address(), String(s.listeners('request')[0]).slice(0, 200), String(s.listeners('connection')[0]).slice(0,200)); }

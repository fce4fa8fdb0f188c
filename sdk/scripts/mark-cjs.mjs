// sdk/package.json says "type": "module"; this makes Node read dist/cjs/*.js (and TypeScript
// read dist/cjs/*.d.ts) as CommonJS.
import { writeFileSync } from 'node:fs';
import { URL } from 'node:url';

writeFileSync(new URL('../dist/cjs/package.json', import.meta.url), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);

// sdk/package.json says "type": "module"; this makes Node read dist/cjs/*.js (and TypeScript
// read dist/cjs/*.d.ts) as CommonJS.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

writeFileSync(join(__dirname, '..', 'dist', 'cjs', 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);

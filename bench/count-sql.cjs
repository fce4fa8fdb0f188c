/**
 * Preloaded into every contestant (`node -r ./bench/count-sql.cjs …`), so that no server's code
 * changes: counts SQL statements executed through better-sqlite3 (every Statement run/get/all/
 * iterate, and Database#exec) and answers `{ type: 'bench:stats' }` over the IPC channel with the
 * count, the process's CPU time and its peak RSS.
 */
/* global require, process */
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3');

let statements = 0;
const probe = new Database(':memory:');
const Statement = Object.getPrototypeOf(probe.prepare('SELECT 1'));
probe.close();
for (const method of ['run', 'get', 'all', 'iterate']) {
  const original = Statement[method];
  // A CPU profile shows SQLite's own (native) time as this function's self time: hence its name.
  Statement[method] = function sqliteStatement(...args) {
    statements += 1;
    return original.apply(this, args);
  };
}
const exec = Database.prototype.exec;
Database.prototype.exec = function sqliteStatement(...args) {
  statements += 1;
  return exec.apply(this, args);
};

if (process.send) {
  process.on('message', (message) => {
    if (!message || message.type !== 'bench:stats') return;
    const cpu = process.cpuUsage();
    process.send({ type: 'bench:stats', id: message.id, statements, cpuMicros: cpu.user + cpu.system, maxRssKb: process.resourceUsage().maxRSS });
  });
  // The channel must not keep a server alive that would otherwise exit.
  process.channel?.unref();
}

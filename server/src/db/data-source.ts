import fs from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config';
import { entities } from '../modules';
import { postgresMigrations } from './migrations/postgres';
import { sqliteMigrations } from './migrations/sqlite';
import { StatementCounter } from './statement-counter';

/**
 * The data source for either engine. Migrations run on start; `synchronize` is never used.
 * SQLite: WAL, foreign keys on, a busy timeout, NORMAL sync (safe with WAL), and a cache sized for large reads.
 */
export function createDataSource(db: DatabaseConfig, options: { logging?: boolean } = {}): DataSource {
  const logging = options.logging ?? false;
  const common = { entities, migrationsRun: false, synchronize: false, logging, logger: new StatementCounter(logging) } as const;
  if (db.type === 'postgres') {
    return new DataSource({
      ...common,
      type: 'postgres',
      url: db.url,
      migrations: postgresMigrations,
      extra: { max: db.poolSize ?? 10, connectionTimeoutMillis: 5000 },
    });
  }
  if (db.file !== ':memory:') fs.mkdirSync(path.dirname(db.file), { recursive: true });
  return new DataSource({
    ...common,
    type: 'better-sqlite3',
    database: db.file,
    migrations: sqliteMigrations,
    enableWAL: db.file !== ':memory:',
    prepareDatabase: (sqlite: { pragma(sql: string): unknown }) => {
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('busy_timeout = 5000');
      sqlite.pragma('synchronous = NORMAL');
      // Reads of large pages: a 64 MiB page cache (default 2 MiB), the file memory-mapped (reads without
      // a copy through the cache), and sorts and temporary tables in memory rather than temp files.
      sqlite.pragma('cache_size = -65536');
      sqlite.pragma('mmap_size = 268435456');
      sqlite.pragma('temp_store = MEMORY');
    },
  });
}

/** Opens the database and brings its schema up to date. */
export async function openDatabase(db: DatabaseConfig): Promise<DataSource> {
  const ds = createDataSource(db);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}

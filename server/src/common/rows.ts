import { EntityManager, QueryFailedError, type DataSource, type EntityMetadata, type EntityTarget, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Lean rows: select an entity's columns under plain aliases and map the raw rows straight onto
 * instances of the entity class. TypeORM's own hydration (getMany/find) groups rows by primary key,
 * walks relation metadata and runs the entity constructor (a fresh UUID and Date per row, thrown
 * away); for the thousands of rows a nested list returns, that dominated the CPU profile. The values
 * still go through the driver's `prepareHydratedValue`, so dates, booleans, JSON and transformers come
 * out exactly as TypeORM would give them.
 */
interface ColumnMap {
  metadata: EntityMetadata;
  /** `plain`: a text column without a transformer, whose value both drivers hand back unchanged. */
  columns: { key: string; property: string; column: ColumnMetadata; plain: boolean; sqliteDate: boolean }[];
}

/**
 * A SQLite `datetime` as TypeORM writes it (`2026-12-01 15:28:02.155`, UTC) read as TypeORM would
 * (`prepareHydratedValue`: the space made a `T`, a `Z` added), without its two regular expressions
 * per value; any other text goes through TypeORM.
 */
function sqliteDate(value: unknown): Date | null {
  if (typeof value !== 'string' || value.length !== 23 || value.charCodeAt(10) !== 32 || value.charCodeAt(19) !== 46) return null;
  const date = new Date(`${value.slice(0, 10)}T${value.slice(11)}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Column types whose values no driver converts (text in, the same text out). */
const TEXT_TYPES = new Set<unknown>([String, 'varchar', 'text', 'uuid', 'character varying', 'char', 'character']);

const maps = new WeakMap<EntityMetadata, Map<string, ColumnMap>>();

/**
 * Which of an entity's columns a read selects: all of them (null), or only these properties (see
 * selection.ts: a page that shows three fields of 10,000 rows reads three columns, not sixteen).
 */
export type Columns = readonly string[] | null;

function columnMap(metadata: EntityMetadata, prefix: string, only: Columns = null): ColumnMap {
  let byPrefix = maps.get(metadata);
  if (!byPrefix) maps.set(metadata, (byPrefix = new Map()));
  const id = only ? `${prefix}|${only.join(',')}` : prefix;
  let map = byPrefix.get(id);
  if (!map) {
    const wanted = only && new Set(only);
    map = {
      metadata,
      columns: metadata.columns
        .filter((column) => !wanted || wanted.has(column.propertyName))
        .map((column) => ({
          key: `${prefix}${column.databaseName}`,
          property: column.propertyName,
          column,
          plain: !column.transformer && TEXT_TYPES.has(column.type),
          sqliteDate: !column.transformer && column.type === 'datetime' && metadata.connection.options.type === 'better-sqlite3',
        })),
    };
    byPrefix.set(id, map);
  }
  return map;
}

/** Replaces `qb`'s selection with the columns (default: all) of `alias`'s entity, each aliased `<prefix><column>`. */
export function selectColumns(qb: SelectQueryBuilder<ObjectLiteral>, alias: string, entity: EntityTarget<ObjectLiteral>, prefix = '', add = false, only: Columns = null): void {
  const escape = (name: string) => qb.connection.driver.escape(name);
  const { columns } = columnMap(qb.connection.getMetadata(entity), prefix, only);
  columns.forEach(({ key, column }, i) => {
    const expression = `${escape(alias)}.${escape(column.databaseName)}`;
    if (i === 0 && !add) qb.select(expression, key);
    else qb.addSelect(expression, key);
  });
}

/** Maps raw rows selected by `selectColumns` (same `prefix` and columns) to entity instances. */
export function toEntities<E extends ObjectLiteral>(db: DataSource, entity: EntityTarget<E>, raws: Record<string, unknown>[], prefix = '', only: Columns = null): E[] {
  const { metadata, columns } = columnMap(db.getMetadata(entity), prefix, only);
  const prototype = (metadata.target as { prototype: object }).prototype;
  const driver = db.driver;
  return raws.map((raw) => {
    // Object.create, not `new`: the constructor's defaults (id, createdAt) are overwritten anyway.
    const row = Object.create(prototype) as Record<string, unknown>;
    for (const { key, property, column, plain, sqliteDate: date } of columns) {
      const value = raw[key];
      row[property] = plain ? value : ((date && sqliteDate(value)) || driver.prepareHydratedValue(value, column));
    }
    return row as E;
  });
}

/**
 * Hot lookups (authentication, rows by id, memberships) as hand-written SQL: building a statement
 * with TypeORM's query builder costs more CPU than SQLite takes to run it. The SQL text is made once
 * per data source and `key` and then reused with fresh parameters (and the driver's statement cache
 * keeps it prepared); `db.query` still sends it, so the statement counter and logging see it.
 */
const sqlTexts = new WeakMap<DataSource, Map<string, string>>();
/** Enough for every shape a request makes (an `IN` list per key count); a bound, not a working size. */
const MAX_SQL_TEXTS = 2000;

export function cachedSql(db: DataSource, key: string, build: () => string): string {
  let texts = sqlTexts.get(db);
  if (!texts) sqlTexts.set(db, (texts = new Map()));
  let sql = texts.get(key);
  if (sql === undefined) {
    if (texts.size >= MAX_SQL_TEXTS) texts.clear();
    sql = build();
    texts.set(key, sql);
  }
  return sql;
}

/** The data source behind a transaction's manager (or the data source itself). */
export const dataSourceOf = (source: DataSource | EntityManager): DataSource => (source instanceof EntityManager ? source.connection : source);

/** The part of better-sqlite3's Database and Statement that `readRows` uses. */
interface SqliteConnection {
  prepare(sql: string): { reader: boolean; all(...params: unknown[]): unknown[]; run(...params: unknown[]): unknown };
}

const prepared = new WeakMap<SqliteConnection, Map<string, ReturnType<SqliteConnection['prepare']>>>();
/** Prepared statements kept per connection; like `MAX_SQL_TEXTS`, a bound rather than a working size. */
const MAX_PREPARED = 500;

/**
 * Runs a read (SELECT) made with `cachedSql` and returns its rows. On SQLite it runs the statement
 * straight on better-sqlite3 (prepared once): `DataSource.query` wraps each statement in a query
 * runner, a broadcaster and several awaits, which allocated more per W1 request than the rows did.
 * The data source's logger still sees every statement (the statement counter counts it). On
 * PostgreSQL it is `db.query`.
 */
export function readRows(source: DataSource | EntityManager, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  return run(source, sql, params, true) as Promise<Record<string, unknown>[]>;
}

async function run(source: DataSource | EntityManager, sql: string, params: unknown[], read: boolean): Promise<unknown> {
  // A transaction's manager on PostgreSQL sends it on the transaction's connection; SQLite has one connection.
  const db = dataSourceOf(source);
  if (db.options.type !== 'better-sqlite3') return source.query(sql, params);
  const connection = (db.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
  let statements = prepared.get(connection);
  if (!statements) prepared.set(connection, (statements = new Map()));
  // better-sqlite3 binds no booleans; TypeORM's query runner turns them into 0/1 the same way.
  const bound = params.map((p) => (typeof p === 'boolean' ? Number(p) : p));
  db.logger.logQuery(sql, bound);
  try {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= MAX_PREPARED) statements.clear();
      statement = connection.prepare(sql);
      if (statement.reader !== read) throw new Error(read ? 'readRows runs reads only' : 'insertRow runs writes only');
      statements.set(sql, statement);
    }
    return read ? statement.all(...bound) : statement.run(...bound);
  } catch (error) {
    // As DataSource.query fails: logged by the data source's logger, thrown as a QueryFailedError.
    db.logger.logQueryError(error as Error, sql, bound);
    throw new QueryFailedError(sql, bound, error as Error);
  }
}

/**
 * Inserts `row`, an entity whose every column is set (its id and createdAt come from the class), in
 * one hand-written statement: `repository.insert` without TypeORM's insert builder, whose set-up
 * cost a mutation more than the write. Values go through the driver's `preparePersistentValue`, as
 * TypeORM's insert would send them. A column left undefined that has a database default would get
 * that default from TypeORM but NULL here: refused, use the repository for such rows.
 */
export async function insertRow<E extends ObjectLiteral>(tx: EntityManager, entity: EntityTarget<E>, row: E): Promise<void> {
  const db = tx.connection;
  const metadata = db.getMetadata(entity);
  const values = metadata.columns.map((column) => {
    const value: unknown = column.getEntityValue(row);
    if (value === undefined && column.default !== undefined) throw new Error(`insertRow: ${metadata.name}.${column.propertyName} is undefined and has a default`);
    return db.driver.preparePersistentValue(value ?? null, column);
  });
  const text = cachedSql(db, `insert:${metadata.tableName}`, () => {
    const sql = sqlWriter(db);
    return `INSERT INTO ${sql.table(entity)} (${metadata.columns.map((c) => sql.name(c.databaseName)).join(', ')}) VALUES (${sql.params(metadata.columns.length)})`;
  });
  await run(tx, text, values, false);
}

/**
 * The row of `entity` with this id (every column), or null: `findOneBy({ id })` without TypeORM's
 * query builder, for a transaction (`tx`) or the data source. Mutations read and re-read their rows
 * this way; the builder cost more than the statement.
 */
export async function rowById<E extends ObjectLiteral>(source: DataSource | EntityManager, entity: EntityTarget<E>, id: string): Promise<E | null> {
  const db = dataSourceOf(source);
  const text = cachedSql(db, `rowById:${db.getMetadata(entity).tableName}`, () => {
    const sql = sqlWriter(db);
    return `SELECT ${sql.columns(entity, 'row')} FROM ${sql.table(entity)} row WHERE row.${sql.name('id')} = ${sql.param()}`;
  });
  return toEntities(db, entity, await readRows(source, text, [id]))[0] ?? null;
}

/** Helpers to write raw SQL for either engine (both quote names with double quotes). */
export interface SqlWriter {
  /** A quoted identifier. */
  name(identifier: string): string;
  /** The table of `entity`, quoted. */
  table(entity: EntityTarget<ObjectLiteral>): string;
  /** `alias.column AS "<prefix>column", …` for the columns (default: all) of `entity`: what `toEntities` maps (same prefix and columns). */
  columns(entity: EntityTarget<ObjectLiteral>, alias: string, prefix?: string, only?: Columns): string;
  /** The next parameter's placeholder (`?` on SQLite, `$n` on PostgreSQL). */
  param(): string;
  /** `count` placeholders separated by commas, for `IN (…)`. */
  params(count: number): string;
}

export function sqlWriter(db: DataSource): SqlWriter {
  const escape = (identifier: string) => db.driver.escape(identifier);
  const postgres = db.options.type === 'postgres';
  let next = 0;
  const param = () => (postgres ? `$${(next += 1)}` : '?');
  return {
    name: escape,
    table: (entity) => escape(db.getMetadata(entity).tableName),
    columns: (entity, alias, prefix = '', only = null) =>
      columnMap(db.getMetadata(entity), prefix, only)
        .columns.map(({ key, column }) => `${escape(alias)}.${escape(column.databaseName)} AS ${escape(key)}`)
        .join(', '),
    param,
    params: (count) => Array.from({ length: count }, param).join(', '),
  };
}

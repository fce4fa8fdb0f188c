import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
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
  columns: { key: string; property: string; column: ColumnMetadata }[];
}

const maps = new WeakMap<EntityMetadata, Map<string, ColumnMap>>();

function columnMap(metadata: EntityMetadata, prefix: string): ColumnMap {
  let byPrefix = maps.get(metadata);
  if (!byPrefix) maps.set(metadata, (byPrefix = new Map()));
  let map = byPrefix.get(prefix);
  if (!map) {
    map = {
      metadata,
      columns: metadata.columns.map((column) => ({ key: `${prefix}${column.databaseName}`, property: column.propertyName, column })),
    };
    byPrefix.set(prefix, map);
  }
  return map;
}

/** Replaces `qb`'s selection with every column of `alias`'s entity, each aliased `<prefix><column>`. */
export function selectColumns(qb: SelectQueryBuilder<ObjectLiteral>, alias: string, entity: EntityTarget<ObjectLiteral>, prefix = '', add = false): void {
  const escape = (name: string) => qb.connection.driver.escape(name);
  const { columns } = columnMap(qb.connection.getMetadata(entity), prefix);
  columns.forEach(({ key, column }, i) => {
    const expression = `${escape(alias)}.${escape(column.databaseName)}`;
    if (i === 0 && !add) qb.select(expression, key);
    else qb.addSelect(expression, key);
  });
}

/** Maps raw rows selected by `selectColumns` (same `prefix`) to entity instances. */
export function toEntities<E extends ObjectLiteral>(db: DataSource, entity: EntityTarget<E>, raws: Record<string, unknown>[], prefix = ''): E[] {
  const { metadata, columns } = columnMap(db.getMetadata(entity), prefix);
  const prototype = (metadata.target as { prototype: object }).prototype;
  const driver = db.driver;
  return raws.map((raw) => {
    // Object.create, not `new`: the constructor's defaults (id, createdAt) are overwritten anyway.
    const row = Object.create(prototype) as Record<string, unknown>;
    for (const { key, property, column } of columns) row[property] = driver.prepareHydratedValue(raw[key], column);
    return row as E;
  });
}

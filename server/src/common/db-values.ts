import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * `value` as the database stores it in `entity`'s column `property`, for hand-written conditions
 * (`WHERE expiresAt <= :now`): SQLite keeps dates as UTC text, PostgreSQL as timestamps, and a raw
 * JavaScript Date is only understood by the latter.
 */
export function columnValue<E extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<E>,
  property: keyof E & string,
  value: unknown,
): unknown {
  const column = db.getMetadata(entity).findColumnWithPropertyName(property);
  if (!column) throw new Error(`No column ${property}`);
  return db.driver.preparePersistentValue(value, column);
}

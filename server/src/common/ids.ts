import { v7 as uuidv7 } from 'uuid';
import { notFound } from './errors';

/**
 * Row ids are UUIDv7: random enough to be unguessable, and ordered by creation time,
 * so keyset pagination can order by id alone.
 */
export const newId = (): string => uuidv7();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Opaque global id: base64url of "Type:rowId". Clients must not parse it. */
export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`).toString('base64url');
}

/** Decodes a global id; null when it is malformed (callers answer NOT_FOUND, like an unknown id). */
export function fromGlobalId(globalId: string): { type: string; id: string } | null {
  if (typeof globalId !== 'string' || globalId.length > 200) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const sep = decoded.indexOf(':');
  if (sep <= 0) return null;
  const type = decoded.slice(0, sep);
  const id = decoded.slice(sep + 1);
  return UUID.test(id) ? { type, id } : null;
}

/** The row id behind a global id of the expected type, or null. */
export function rowIdOf(globalId: string, type: string): string | null {
  const parsed = fromGlobalId(globalId);
  return parsed && parsed.type === type ? parsed.id : null;
}

/** The row id behind a global id from client input; NOT_FOUND (like an unknown id) when it is not one of `type`. */
export function requireRowId(globalId: string, type: string): string {
  const id = rowIdOf(globalId, type);
  if (!id) throw notFound(type);
  return id;
}

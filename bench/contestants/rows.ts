/**
 * What the floor and the peer share to give Workroom's exact answers from the same tables: global
 * ids and cursors (server/src/common/ids.ts, pagination.ts), dates, bearer-token sessions, and the
 * connection settings. Kept apart from server/src on purpose: the contestants must not run its code.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** Opens one contestant's copy of the seeded database, tuned the same way for floor and peer. */
export function openDatabase(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.pragma('mmap_size = 268435456');
  db.pragma('temp_store = MEMORY');
  return db;
}

/** Workroom's opaque global id: base64url of "Type:rowId". */
export const globalId = (type: string, id: string): string => Buffer.from(`${type}:${id}`).toString('base64url');

/** The row id behind a global id of `type`, or null. */
export function rowIdOf(gid: unknown, type: string): string | null {
  if (typeof gid !== 'string' || gid.length > 200) return null;
  const text = Buffer.from(gid, 'base64url').toString('utf8');
  return text.startsWith(`${type}:`) ? text.slice(type.length + 1) : null;
}

export const cursorOf = (id: string): string => Buffer.from(`cursor:${id}`).toString('base64url');

export function afterId(cursor: unknown): string | null {
  if (typeof cursor !== 'string') return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return text.startsWith('cursor:') ? text.slice('cursor:'.length) : null;
}

/** TypeORM keeps SQLite dates as UTC text `YYYY-MM-DD HH:MM:SS.mmm`; GraphQL's DateTimeISO is ISO 8601. */
export const isoDate = (text: string | null): string | null => (text === null ? null : `${text.replace(' ', 'T')}Z`);

/** Now, as TypeORM would store it in SQLite. */
export const sqliteNow = (): string => new Date().toISOString().replace('T', ' ').replace('Z', '');

export interface Viewer {
  id: string;
  name: string;
  createdAt: string;
}

/** The viewer behind `Authorization: Bearer <token>`, by Workroom's rules: a live, unrevoked session. */
export function viewerFinder(db: Db): (header: string | undefined) => Viewer | null {
  const bySession = db.prepare<[string, string], Viewer>(
    `SELECT u.id, u.name, u.createdAt FROM sessions s JOIN users u ON u.id = s.userId
     WHERE s.tokenHash = ? AND s.revokedAt IS NULL AND s.expiresAt > ?`,
  );
  return (header) => {
    const match = /^Bearer\s+(\S{1,200})$/i.exec(header ?? '');
    if (!match) return null;
    return bySession.get(createHash('sha256').update(match[1]).digest('hex'), sqliteNow()) ?? null;
  };
}

/** Connection page arguments as Workroom validates them (0–100, default 20). */
export function pageSize(first: unknown): number {
  if (first === undefined || first === null) return 20;
  if (typeof first !== 'number' || first < 0 || first > 100) throw new Error('`first` must be between 0 and 100');
  return first;
}

/** A page of `rows` fetched with `first + 1`, as a Relay connection (forward paging only). */
export function connection<R extends { id: string }, N>(rows: R[], first: number, after: boolean, toNode: (row: R) => N) {
  const page = rows.slice(0, first);
  const edges = page.map((row) => ({ cursor: cursorOf(row.id), node: toNode(row) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: after,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** Roles that may edit a company (SPEC permission matrix: company.update). */
export const CAN_UPDATE_COMPANY = new Set(['OWNER', 'FULL']);

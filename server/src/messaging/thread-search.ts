import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Message } from './message.entity';
import type { MessageThread } from './message-thread.entity';

/**
 * Full-text search over threads with each engine's own text search ("search for specific
 * freelancers or keywords"):
 * - SQLite: the FTS5 table `message_search` (migration MessagingSearch) holds one row per thread
 *   (subject and freelancer name) and one per message, written by the services in the same
 *   transaction. Its rowid encodes the thread: `key << 24 | n`, where `key` is the thread's integer
 *   key in `message_search_threads` and n is 0 for the thread row, 1, 2… for its messages. A MATCH
 *   then yields thread keys straight from the index, never reading stored text.
 *   TypeORM knows neither table, so its schema builder leaves them alone.
 * - PostgreSQL: GIN indexes on `to_tsvector('simple', …)` of messages.body, message_threads.subject and
 *   users.name (same migration); nothing to maintain.
 * The user's words are data: they become prefix terms made of letters and digits only, always bound
 * as parameters, so no input can reach the MATCH / tsquery syntax. SQLite also folds accents (FTS5
 * remove_diacritics); PostgreSQL's `simple` configuration does not.
 */

export const SEARCH_TABLE = 'message_search';
export const SEARCH_KEYS_TABLE = 'message_search_threads';
/** Bits of an FTS rowid numbering the rows of one thread (16M messages per thread). */
const ROW_BITS = 24;
const MAX_TERMS = 8;

const isSqlite = (tx: EntityManager): boolean => tx.connection.options.type === 'better-sqlite3';

/**
 * The words of a search string, lower-cased and de-duplicated (at most 8): null when there is no
 * search, an empty array when there is one but it holds no word (it then matches nothing).
 */
export function searchTerms(search: string | null | undefined): string[] | null {
  if (search === null || search === undefined || search.trim() === '') return null;
  const words = search.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, MAX_TERMS);
}

/** Keeps only threads in which every term starts a word of the subject, the freelancer's name or a message. */
export function whereThreadMatches(qb: SelectQueryBuilder<MessageThread>, alias: string, terms: string[]): void {
  if (terms.length === 0) {
    qb.andWhere('1 = 0');
    return;
  }
  const sqlite = qb.connection.options.type === 'better-sqlite3';
  terms.forEach((term, i) => {
    const param = `searchTerm${i}`;
    if (sqlite) {
      // A quoted FTS5 string followed by * is a prefix query; the term holds no quote to escape.
      qb.andWhere(
        `${alias}.id IN (SELECT "sk"."threadId" FROM "${SEARCH_KEYS_TABLE}" "sk" WHERE "sk"."key" IN` +
          ` (SELECT "rowid" >> ${ROW_BITS} FROM "${SEARCH_TABLE}" WHERE "${SEARCH_TABLE}" MATCH :${param}))`,
        { [param]: `"${term}"*` },
      );
    } else {
      // One IN (… UNION ALL …) per term, not ORs: PostgreSQL then plans each branch on its GIN index.
      const query = `to_tsquery('simple', :${param})`;
      qb.andWhere(
        `${alias}.id IN (SELECT "sm"."threadId" FROM "messages" "sm" WHERE to_tsvector('simple', "sm"."body") @@ ${query}` +
          ` UNION ALL SELECT "st"."id" FROM "message_threads" "st" WHERE to_tsvector('simple', "st"."subject") @@ ${query}` +
          ` UNION ALL SELECT "sft"."id" FROM "users" "sf" INNER JOIN "message_threads" "sft" ON "sft"."freelancerId" = "sf"."id"` +
          ` WHERE to_tsvector('simple', "sf"."name") @@ ${query})`,
        { [param]: `${term}:*` },
      );
    }
  });
}

/** Indexes a new thread's subject and its freelancer's name (SQLite only; PostgreSQL indexes itself). */
export async function indexThread(tx: EntityManager, thread: MessageThread, freelancerName: string): Promise<void> {
  if (!isSqlite(tx)) return;
  await tx.query(`INSERT INTO "${SEARCH_KEYS_TABLE}" ("threadId", "companyId") VALUES (?, ?)`, [thread.id, thread.companyId]);
  await tx.query(
    `INSERT INTO "${SEARCH_TABLE}" ("rowid", "text") SELECT "key" << ${ROW_BITS}, ? FROM "${SEARCH_KEYS_TABLE}" WHERE "threadId" = ?`,
    [`${thread.subject}\n${freelancerName}`, thread.id],
  );
}

/** Indexes a new message's text (SQLite only) as the thread's next row. */
export async function indexMessage(tx: EntityManager, message: Message): Promise<void> {
  if (!isSqlite(tx)) return;
  await tx.query(
    `INSERT INTO "${SEARCH_TABLE}" ("rowid", "text") SELECT (SELECT MAX("rowid") FROM "${SEARCH_TABLE}"` +
      ` WHERE "rowid" >= k."key" << ${ROW_BITS} AND "rowid" < (k."key" + 1) << ${ROW_BITS}) + 1, ?` +
      ` FROM "${SEARCH_KEYS_TABLE}" k WHERE k."threadId" = ?`,
    [message.body, message.threadId],
  );
}

/**
 * Indexes, in bulk, every thread and message of `companyId` not indexed yet (SQLite only): for data
 * written straight to the tables (the benchmark's seed).
 */
export async function backfillSearchIndex(tx: EntityManager, companyId: string): Promise<void> {
  if (!isSqlite(tx)) return;
  await tx.query(
    `INSERT INTO "${SEARCH_KEYS_TABLE}" ("threadId", "companyId") SELECT t."id", t."companyId" FROM "message_threads" t` +
      ` WHERE t."companyId" = ? AND t."id" NOT IN (SELECT "threadId" FROM "${SEARCH_KEYS_TABLE}") ORDER BY t."id"`,
    [companyId],
  );
  await tx.query(
    `INSERT INTO "${SEARCH_TABLE}" ("rowid", "text") SELECT k."key" << ${ROW_BITS}, t."subject" || char(10) || u."name"` +
      ` FROM "message_threads" t INNER JOIN "${SEARCH_KEYS_TABLE}" k ON k."threadId" = t."id" INNER JOIN "users" u ON u."id" = t."freelancerId"` +
      ` WHERE t."companyId" = ? AND NOT EXISTS (SELECT 1 FROM "${SEARCH_TABLE}" WHERE "rowid" = k."key" << ${ROW_BITS})`,
    [companyId],
  );
  await tx.query(
    `INSERT INTO "${SEARCH_TABLE}" ("rowid", "text") SELECT (k."key" << ${ROW_BITS}) + ROW_NUMBER() OVER (PARTITION BY m."threadId" ORDER BY m."id"), m."body"` +
      ` FROM "messages" m INNER JOIN "${SEARCH_KEYS_TABLE}" k ON k."threadId" = m."threadId"` +
      ` WHERE m."companyId" = ? AND NOT EXISTS (SELECT 1 FROM "${SEARCH_TABLE}" WHERE "rowid" > k."key" << ${ROW_BITS} AND "rowid" < (k."key" + 1) << ${ROW_BITS})`,
    [companyId],
  );
}

/**
 * Re-indexes the threads of a freelancer whose name changed (SQLite only).
 * INTEGRATION: call inside the transaction of whatever edits `User.name` (a future profile edit).
 */
export async function reindexFreelancerName(tx: EntityManager, userId: string, name: string): Promise<void> {
  if (!isSqlite(tx)) return;
  const rows: { rowid: number; text: string }[] = await tx.query(
    `SELECT k."key" << ${ROW_BITS} AS "rowid", t."subject" || char(10) || ? AS "text" FROM "message_threads" t` +
      ` INNER JOIN "${SEARCH_KEYS_TABLE}" k ON k."threadId" = t."id" WHERE t."freelancerId" = ?`,
    [name, userId],
  );
  for (const row of rows) {
    await tx.query(`DELETE FROM "${SEARCH_TABLE}" WHERE "rowid" = ?`, [row.rowid]);
    await tx.query(`INSERT INTO "${SEARCH_TABLE}" ("rowid", "text") VALUES (?, ?)`, [row.rowid, row.text]);
  }
}

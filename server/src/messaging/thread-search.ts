import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Message } from './message.entity';
import type { MessageThread } from './message-thread.entity';

/**
 * Full-text search over threads with each engine's own text search (SPEC §6 "search for specific
 * freelancers or keywords"):
 * - SQLite: the FTS5 table `message_search` (migration MessagingSearch), one row per thread (subject
 *   and freelancer name) and one per message, written by the services in the same transaction.
 *   TypeORM does not know the table, so its schema builder leaves it alone.
 * - PostgreSQL: GIN indexes on `to_tsvector('simple', …)` of messages.body and message_threads.subject
 *   (same migration); nothing to maintain. Freelancer names are matched through the users row.
 * The user's words are data: they become prefix terms made of letters and digits only, always bound
 * as parameters, so no input can reach the MATCH / tsquery syntax.
 */

export const SEARCH_TABLE = 'message_search';
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
      qb.andWhere(`${alias}.id IN (SELECT "threadId" FROM "${SEARCH_TABLE}" WHERE "${SEARCH_TABLE}" MATCH :${param})`, {
        [param]: `"${term}"*`,
      });
    } else {
      const query = `to_tsquery('simple', :${param})`;
      qb.andWhere(
        `(to_tsvector('simple', ${alias}.subject) @@ ${query}` +
          ` OR EXISTS (SELECT 1 FROM "users" "sf" WHERE "sf"."id" = ${alias}.freelancerId AND to_tsvector('simple', "sf"."name") @@ ${query})` +
          ` OR ${alias}.id IN (SELECT "sm"."threadId" FROM "messages" "sm" WHERE to_tsvector('simple', "sm"."body") @@ ${query}))`,
        { [param]: `${term}:*` },
      );
    }
  });
}

/** Indexes a new thread's subject and its freelancer's name (SQLite only; PostgreSQL indexes itself). */
export async function indexThread(tx: EntityManager, thread: MessageThread, freelancerName: string): Promise<void> {
  if (!isSqlite(tx)) return;
  await tx.query(`INSERT INTO "${SEARCH_TABLE}" ("text", "threadId", "companyId", "sourceId") VALUES (?, ?, ?, ?)`, [
    `${thread.subject}\n${freelancerName}`,
    thread.id,
    thread.companyId,
    thread.id,
  ]);
}

/** Indexes a new message's text (SQLite only). */
export async function indexMessage(tx: EntityManager, message: Message): Promise<void> {
  if (!isSqlite(tx)) return;
  await tx.query(`INSERT INTO "${SEARCH_TABLE}" ("text", "threadId", "companyId", "sourceId") VALUES (?, ?, ?, ?)`, [
    message.body,
    message.threadId,
    message.companyId,
    message.id,
  ]);
}

/**
 * Re-indexes the threads of a freelancer whose name changed (SQLite only).
 * INTEGRATION: call inside the transaction of whatever edits `User.name` (SPEC §8 edit profile).
 */
export async function reindexFreelancerName(tx: EntityManager, userId: string, name: string): Promise<void> {
  if (!isSqlite(tx)) return;
  await tx.query(
    `UPDATE "${SEARCH_TABLE}" SET "text" = (SELECT t."subject" || char(10) || ? FROM "message_threads" t WHERE t."id" = "${SEARCH_TABLE}"."sourceId")` +
      ` WHERE "sourceId" IN (SELECT "id" FROM "message_threads" WHERE "freelancerId" = ?)`,
    [name, userId],
  );
}

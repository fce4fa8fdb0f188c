import type { MigrationInterface, QueryRunner } from 'typeorm';

// Written by hand (TypeORM cannot generate it): the FTS5 index behind `messageThreads(search:)` (see
// messaging/thread-search.ts). `message_search` holds one row per thread (subject and freelancer name)
// and per message, its rowid `key << 24 | n` pointing at the thread's integer key in
// `message_search_threads`. TypeORM's schema builder only reads the tables of its entities, so it
// never tries to drop these two.
export class MessagingSearch1795574135812 implements MigrationInterface {
  name = 'MessagingSearch1795574135812';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"message_search_threads\" (\"key\" integer PRIMARY KEY NOT NULL, \"threadId\" varchar(36) NOT NULL UNIQUE, \"companyId\" varchar(36) NOT NULL, CONSTRAINT \"FK_message_search_threads_thread\" FOREIGN KEY (\"threadId\") REFERENCES \"message_threads\" (\"id\") ON DELETE CASCADE)");
    await q.query("CREATE VIRTUAL TABLE \"message_search\" USING fts5(\"text\", tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')");
    await q.query("INSERT INTO \"message_search_threads\" (\"threadId\", \"companyId\") SELECT \"id\", \"companyId\" FROM \"message_threads\" ORDER BY \"id\"");
    await q.query("INSERT INTO \"message_search\" (\"rowid\", \"text\") SELECT k.\"key\" << 24, t.\"subject\" || char(10) || u.\"name\" FROM \"message_threads\" t INNER JOIN \"message_search_threads\" k ON k.\"threadId\" = t.\"id\" INNER JOIN \"users\" u ON u.\"id\" = t.\"freelancerId\"");
    await q.query("INSERT INTO \"message_search\" (\"rowid\", \"text\") SELECT (k.\"key\" << 24) + ROW_NUMBER() OVER (PARTITION BY m.\"threadId\" ORDER BY m.\"id\"), m.\"body\" FROM \"messages\" m INNER JOIN \"message_search_threads\" k ON k.\"threadId\" = m.\"threadId\"");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE \"message_search\"");
    await q.query("DROP TABLE \"message_search_threads\"");
  }
}

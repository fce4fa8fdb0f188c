import type { MigrationInterface, QueryRunner } from 'typeorm';

// Written by hand (TypeORM cannot generate it): the FTS5 index behind `messageThreads(search:)`, one row
// per thread (subject and freelancer name) and per message, kept by the messaging services. TypeORM's
// schema builder only reads the tables of known entities, so it never tries to drop this one.
export class MessagingSearch1795574135812 implements MigrationInterface {
  name = 'MessagingSearch1795574135812';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE VIRTUAL TABLE \"message_search\" USING fts5(\"text\", \"threadId\" UNINDEXED, \"companyId\" UNINDEXED, \"sourceId\" UNINDEXED, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')");
    await q.query("INSERT INTO \"message_search\" (\"text\", \"threadId\", \"companyId\", \"sourceId\") SELECT t.\"subject\" || char(10) || u.\"name\", t.\"id\", t.\"companyId\", t.\"id\" FROM \"message_threads\" t INNER JOIN \"users\" u ON u.\"id\" = t.\"freelancerId\"");
    await q.query("INSERT INTO \"message_search\" (\"text\", \"threadId\", \"companyId\", \"sourceId\") SELECT m.\"body\", m.\"threadId\", m.\"companyId\", m.\"id\" FROM \"messages\" m");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE \"message_search\"");
  }
}

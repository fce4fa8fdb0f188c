import type { MigrationInterface, QueryRunner } from 'typeorm';

// Written by hand (TypeORM cannot generate it): GIN expression indexes behind `messageThreads(search:)`
// (freelancers are found by users.name).
// fastupdate off: a search never scans an unsorted pending list (inserts pay instead; reads dominate).
// TypeORM's schema builder only reads indexes on plain columns, so it never tries to drop these.
export class MessagingSearch1795574135812 implements MigrationInterface {
  name = 'MessagingSearch1795574135812';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE INDEX \"IDX_messages_body_search\" ON \"messages\" USING GIN (to_tsvector('simple', \"body\")) WITH (fastupdate = off)");
    await q.query("CREATE INDEX \"IDX_message_threads_subject_search\" ON \"message_threads\" USING GIN (to_tsvector('simple', \"subject\")) WITH (fastupdate = off)");
    await q.query("CREATE INDEX \"IDX_users_name_search\" ON \"users\" USING GIN (to_tsvector('simple', \"name\")) WITH (fastupdate = off)");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX \"IDX_users_name_search\"");
    await q.query("DROP INDEX \"IDX_message_threads_subject_search\"");
    await q.query("DROP INDEX \"IDX_messages_body_search\"");
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

// Written by hand (TypeORM cannot generate it): GIN expression indexes behind `messageThreads(search:)`.
// TypeORM's schema builder only reads indexes on plain columns, so it never tries to drop these.
export class MessagingSearch1795574135812 implements MigrationInterface {
  name = 'MessagingSearch1795574135812';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE INDEX \"IDX_messages_body_search\" ON \"messages\" USING GIN (to_tsvector('simple', \"body\"))");
    await q.query("CREATE INDEX \"IDX_message_threads_subject_search\" ON \"message_threads\" USING GIN (to_tsvector('simple', \"subject\"))");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX \"IDX_message_threads_subject_search\"");
    await q.query("DROP INDEX \"IDX_messages_body_search\"");
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

// Generated, then folded by hand: TypeORM created the table and rebuilt it at once to add the foreign key.
export class IdempotencyKeys1796117275195 implements MigrationInterface {
  name = 'IdempotencyKeys1796117275195';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"idempotency_keys\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"userId\" varchar(36) NOT NULL, \"key\" varchar(255) NOT NULL, \"operation\" varchar(64) NOT NULL, \"requestHash\" varchar(64) NOT NULL, \"response\" text, \"completedAt\" datetime, \"expiresAt\" datetime NOT NULL, CONSTRAINT \"FK_7a3aaa526470ebb79221693d325\" FOREIGN KEY (\"userId\") REFERENCES \"users\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await q.query("CREATE INDEX \"IDX_69cdd42dc83e6208402de6acef\" ON \"idempotency_keys\" (\"expiresAt\") ");
    await q.query("CREATE UNIQUE INDEX \"IDX_9c0cd5f4363be416d112d6ce68\" ON \"idempotency_keys\" (\"userId\", \"key\") ");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX \"IDX_9c0cd5f4363be416d112d6ce68\"");
    await q.query("DROP INDEX \"IDX_69cdd42dc83e6208402de6acef\"");
    await q.query("DROP TABLE \"idempotency_keys\"");
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyKeys1796117275195 implements MigrationInterface {
  name = 'IdempotencyKeys1796117275195';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"idempotency_keys\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"userId\" character varying(36) NOT NULL, \"key\" character varying(255) NOT NULL, \"operation\" character varying(64) NOT NULL, \"requestHash\" character varying(64) NOT NULL, \"response\" text, \"completedAt\" TIMESTAMP, \"expiresAt\" TIMESTAMP NOT NULL, CONSTRAINT \"PK_8ad20779ad0411107a56e53d0f6\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_69cdd42dc83e6208402de6acef\" ON \"idempotency_keys\"  (\"expiresAt\") ");
    await q.query("CREATE UNIQUE INDEX \"IDX_9c0cd5f4363be416d112d6ce68\" ON \"idempotency_keys\"  (\"userId\", \"key\") ");
    await q.query("ALTER TABLE \"idempotency_keys\" ADD CONSTRAINT \"FK_7a3aaa526470ebb79221693d325\" FOREIGN KEY (\"userId\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"idempotency_keys\" DROP CONSTRAINT \"FK_7a3aaa526470ebb79221693d325\"");
    await q.query("DROP INDEX \"public\".\"IDX_9c0cd5f4363be416d112d6ce68\"");
    await q.query("DROP INDEX \"public\".\"IDX_69cdd42dc83e6208402de6acef\"");
    await q.query("DROP TABLE \"idempotency_keys\"");
  }
}

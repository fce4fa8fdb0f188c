import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountSecurity1796400000000 implements MigrationInterface {
  name = 'AccountSecurity1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"account_tokens\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"userId\" character varying(36) NOT NULL, \"purpose\" character varying(20) NOT NULL, \"tokenHash\" character varying(64) NOT NULL, \"emailKey\" character varying(254) NOT NULL, \"expiresAt\" TIMESTAMP NOT NULL, \"usedAt\" TIMESTAMP, CONSTRAINT \"UQ_996110bad8e7252c44847d7ceb3\" UNIQUE (\"tokenHash\"), CONSTRAINT \"PK_5e3640c493cc6206a44b885e6a9\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_c846ac09be5a5f4feeb7314469\" ON \"account_tokens\"  (\"userId\") ");
    await q.query("ALTER TABLE \"users\" ADD \"emailVerifiedAt\" TIMESTAMP");
    await q.query("ALTER TABLE \"users\" ADD \"timezone\" character varying(64) NOT NULL DEFAULT 'UTC'");
    await q.query("ALTER TABLE \"users\" ADD \"notificationPreferences\" text");
    await q.query("ALTER TABLE \"users\" ADD \"aiDataOptOut\" boolean NOT NULL DEFAULT false");
    await q.query("ALTER TABLE \"users\" ADD \"closedAt\" TIMESTAMP");
    await q.query("ALTER TABLE \"sessions\" ADD \"lastUsedAt\" TIMESTAMP");
    await q.query("ALTER TABLE \"sessions\" ADD \"userAgent\" character varying(500)");
    await q.query("ALTER TABLE \"sessions\" ADD \"ip\" character varying(64)");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"sessions\" DROP COLUMN \"ip\"");
    await q.query("ALTER TABLE \"sessions\" DROP COLUMN \"userAgent\"");
    await q.query("ALTER TABLE \"sessions\" DROP COLUMN \"lastUsedAt\"");
    await q.query("ALTER TABLE \"users\" DROP COLUMN \"closedAt\"");
    await q.query("ALTER TABLE \"users\" DROP COLUMN \"aiDataOptOut\"");
    await q.query("ALTER TABLE \"users\" DROP COLUMN \"notificationPreferences\"");
    await q.query("ALTER TABLE \"users\" DROP COLUMN \"timezone\"");
    await q.query("ALTER TABLE \"users\" DROP COLUMN \"emailVerifiedAt\"");
    await q.query("DROP INDEX \"public\".\"IDX_c846ac09be5a5f4feeb7314469\"");
    await q.query("DROP TABLE \"account_tokens\"");
  }
}

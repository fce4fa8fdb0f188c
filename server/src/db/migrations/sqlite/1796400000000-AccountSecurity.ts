import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountSecurity1796400000000 implements MigrationInterface {
  name = 'AccountSecurity1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"account_tokens\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"userId\" varchar(36) NOT NULL, \"purpose\" varchar(20) NOT NULL, \"tokenHash\" varchar(64) NOT NULL, \"emailKey\" varchar(254) NOT NULL, \"expiresAt\" datetime NOT NULL, \"usedAt\" datetime, CONSTRAINT \"UQ_996110bad8e7252c44847d7ceb3\" UNIQUE (\"tokenHash\"))");
    await q.query("CREATE INDEX \"IDX_c846ac09be5a5f4feeb7314469\" ON \"account_tokens\" (\"userId\") ");
    await q.query("CREATE TABLE \"temporary_users\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"name\" varchar(100) NOT NULL, \"email\" varchar(254) NOT NULL, \"emailKey\" varchar(254) NOT NULL, \"passwordHash\" varchar(200) NOT NULL, \"emailVerifiedAt\" datetime, \"timezone\" varchar(64) NOT NULL DEFAULT ('UTC'), \"notificationPreferences\" text, \"aiDataOptOut\" boolean NOT NULL DEFAULT (0), \"closedAt\" datetime, CONSTRAINT \"UQ_ae137787c1f782e4c09ccc797bc\" UNIQUE (\"emailKey\"))");
    await q.query("INSERT INTO \"temporary_users\"(\"id\", \"createdAt\", \"name\", \"email\", \"emailKey\", \"passwordHash\") SELECT \"id\", \"createdAt\", \"name\", \"email\", \"emailKey\", \"passwordHash\" FROM \"users\"");
    await q.query("DROP TABLE \"users\"");
    await q.query("ALTER TABLE \"temporary_users\" RENAME TO \"users\"");
    await q.query("DROP INDEX \"IDX_57de40bc620f456c7311aa3a1e\"");
    await q.query("CREATE TABLE \"temporary_sessions\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"userId\" varchar(36) NOT NULL, \"tokenHash\" varchar(64) NOT NULL, \"expiresAt\" datetime NOT NULL, \"revokedAt\" datetime, \"lastUsedAt\" datetime, \"userAgent\" varchar(500), \"ip\" varchar(64), CONSTRAINT \"UQ_bace6c68efc156fddac9b14bda2\" UNIQUE (\"tokenHash\"), CONSTRAINT \"FK_57de40bc620f456c7311aa3a1e6\" FOREIGN KEY (\"userId\") REFERENCES \"users\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await q.query("INSERT INTO \"temporary_sessions\"(\"id\", \"createdAt\", \"userId\", \"tokenHash\", \"expiresAt\", \"revokedAt\") SELECT \"id\", \"createdAt\", \"userId\", \"tokenHash\", \"expiresAt\", \"revokedAt\" FROM \"sessions\"");
    await q.query("DROP TABLE \"sessions\"");
    await q.query("ALTER TABLE \"temporary_sessions\" RENAME TO \"sessions\"");
    await q.query("CREATE INDEX \"IDX_57de40bc620f456c7311aa3a1e\" ON \"sessions\" (\"userId\") ");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX \"IDX_57de40bc620f456c7311aa3a1e\"");
    await q.query("ALTER TABLE \"sessions\" RENAME TO \"temporary_sessions\"");
    await q.query("CREATE TABLE \"sessions\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"userId\" varchar(36) NOT NULL, \"tokenHash\" varchar(64) NOT NULL, \"expiresAt\" datetime NOT NULL, \"revokedAt\" datetime, CONSTRAINT \"UQ_bace6c68efc156fddac9b14bda2\" UNIQUE (\"tokenHash\"), CONSTRAINT \"FK_57de40bc620f456c7311aa3a1e6\" FOREIGN KEY (\"userId\") REFERENCES \"users\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await q.query("INSERT INTO \"sessions\"(\"id\", \"createdAt\", \"userId\", \"tokenHash\", \"expiresAt\", \"revokedAt\") SELECT \"id\", \"createdAt\", \"userId\", \"tokenHash\", \"expiresAt\", \"revokedAt\" FROM \"temporary_sessions\"");
    await q.query("DROP TABLE \"temporary_sessions\"");
    await q.query("CREATE INDEX \"IDX_57de40bc620f456c7311aa3a1e\" ON \"sessions\" (\"userId\") ");
    await q.query("ALTER TABLE \"users\" RENAME TO \"temporary_users\"");
    await q.query("CREATE TABLE \"users\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"name\" varchar(100) NOT NULL, \"email\" varchar(254) NOT NULL, \"emailKey\" varchar(254) NOT NULL, \"passwordHash\" varchar(200) NOT NULL, CONSTRAINT \"UQ_ae137787c1f782e4c09ccc797bc\" UNIQUE (\"emailKey\"))");
    await q.query("INSERT INTO \"users\"(\"id\", \"createdAt\", \"name\", \"email\", \"emailKey\", \"passwordHash\") SELECT \"id\", \"createdAt\", \"name\", \"email\", \"emailKey\", \"passwordHash\" FROM \"temporary_users\"");
    await q.query("DROP TABLE \"temporary_users\"");
    await q.query("DROP INDEX \"IDX_c846ac09be5a5f4feeb7314469\"");
    await q.query("DROP TABLE \"account_tokens\"");
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TwoStepAndApiTokens1796500000000 implements MigrationInterface {
  name = 'TwoStepAndApiTokens1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"recovery_codes\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"userId\" varchar(36) NOT NULL, \"codeHash\" varchar(64) NOT NULL, \"usedAt\" datetime)");
    await q.query("CREATE UNIQUE INDEX \"IDX_8ee959087728f17dac81cb93dd\" ON \"recovery_codes\" (\"userId\", \"codeHash\") ");
    await q.query("CREATE TABLE \"two_step_challenges\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"userId\" varchar(36) NOT NULL, \"challengeHash\" varchar(64) NOT NULL, \"expiresAt\" datetime NOT NULL, \"usedAt\" datetime, CONSTRAINT \"UQ_77a9703571df599bb9fe752e692\" UNIQUE (\"challengeHash\"))");
    await q.query("CREATE INDEX \"IDX_9db83dd50022ebca119bb49186\" ON \"two_step_challenges\" (\"userId\") ");
    await q.query("CREATE TABLE \"two_step_settings\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"userId\" varchar(36) NOT NULL, \"secret\" varchar(200) NOT NULL, \"enabledAt\" datetime, \"lastStep\" integer, CONSTRAINT \"UQ_f2c66c1740bd29d1da95a52ccad\" UNIQUE (\"userId\"))");
    await q.query("CREATE TABLE \"api_tokens\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"userId\" varchar(36) NOT NULL, \"name\" varchar(100) NOT NULL, \"scopeList\" varchar(40) NOT NULL, \"tokenHash\" varchar(64) NOT NULL, \"expiresAt\" datetime, \"lastUsedAt\" datetime, \"revokedAt\" datetime, CONSTRAINT \"UQ_cdac8e064e6e9c2e0835d1c1b86\" UNIQUE (\"tokenHash\"))");
    await q.query("CREATE INDEX \"IDX_2a2ce819bd75cc0193bfb2692b\" ON \"api_tokens\" (\"userId\") ");
    await q.query("DROP INDEX \"IDX_8ee959087728f17dac81cb93dd\"");
    await q.query("CREATE TABLE \"temporary_recovery_codes\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"userId\" varchar(36) NOT NULL, \"codeHash\" varchar(64) NOT NULL, \"usedAt\" datetime, CONSTRAINT \"FK_5ab5f51b1ca8fcc0073d76fd3d9\" FOREIGN KEY (\"userId\") REFERENCES \"users\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await q.query("INSERT INTO \"temporary_recovery_codes\"(\"id\", \"createdAt\", \"userId\", \"codeHash\", \"usedAt\") SELECT \"id\", \"createdAt\", \"userId\", \"codeHash\", \"usedAt\" FROM \"recovery_codes\"");
    await q.query("DROP TABLE \"recovery_codes\"");
    await q.query("ALTER TABLE \"temporary_recovery_codes\" RENAME TO \"recovery_codes\"");
    await q.query("CREATE UNIQUE INDEX \"IDX_8ee959087728f17dac81cb93dd\" ON \"recovery_codes\" (\"userId\", \"codeHash\") ");
    await q.query("DROP INDEX \"IDX_9db83dd50022ebca119bb49186\"");
    await q.query("CREATE TABLE \"temporary_two_step_challenges\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"userId\" varchar(36) NOT NULL, \"challengeHash\" varchar(64) NOT NULL, \"expiresAt\" datetime NOT NULL, \"usedAt\" datetime, CONSTRAINT \"UQ_77a9703571df599bb9fe752e692\" UNIQUE (\"challengeHash\"), CONSTRAINT \"FK_9db83dd50022ebca119bb491865\" FOREIGN KEY (\"userId\") REFERENCES \"users\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await q.query("INSERT INTO \"temporary_two_step_challenges\"(\"id\", \"createdAt\", \"userId\", \"challengeHash\", \"expiresAt\", \"usedAt\") SELECT \"id\", \"createdAt\", \"userId\", \"challengeHash\", \"expiresAt\", \"usedAt\" FROM \"two_step_challenges\"");
    await q.query("DROP TABLE \"two_step_challenges\"");
    await q.query("ALTER TABLE \"temporary_two_step_challenges\" RENAME TO \"two_step_challenges\"");
    await q.query("CREATE INDEX \"IDX_9db83dd50022ebca119bb49186\" ON \"two_step_challenges\" (\"userId\") ");
    await q.query("CREATE TABLE \"temporary_two_step_settings\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"userId\" varchar(36) NOT NULL, \"secret\" varchar(200) NOT NULL, \"enabledAt\" datetime, \"lastStep\" integer, CONSTRAINT \"UQ_f2c66c1740bd29d1da95a52ccad\" UNIQUE (\"userId\"), CONSTRAINT \"FK_f2c66c1740bd29d1da95a52ccad\" FOREIGN KEY (\"userId\") REFERENCES \"users\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await q.query("INSERT INTO \"temporary_two_step_settings\"(\"id\", \"createdAt\", \"userId\", \"secret\", \"enabledAt\", \"lastStep\") SELECT \"id\", \"createdAt\", \"userId\", \"secret\", \"enabledAt\", \"lastStep\" FROM \"two_step_settings\"");
    await q.query("DROP TABLE \"two_step_settings\"");
    await q.query("ALTER TABLE \"temporary_two_step_settings\" RENAME TO \"two_step_settings\"");
    await q.query("DROP INDEX \"IDX_2a2ce819bd75cc0193bfb2692b\"");
    await q.query("CREATE TABLE \"temporary_api_tokens\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"userId\" varchar(36) NOT NULL, \"name\" varchar(100) NOT NULL, \"scopeList\" varchar(40) NOT NULL, \"tokenHash\" varchar(64) NOT NULL, \"expiresAt\" datetime, \"lastUsedAt\" datetime, \"revokedAt\" datetime, CONSTRAINT \"UQ_cdac8e064e6e9c2e0835d1c1b86\" UNIQUE (\"tokenHash\"), CONSTRAINT \"FK_0cf044150c1ddbdf4ffa981beeb\" FOREIGN KEY (\"companyId\") REFERENCES \"companies\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_2a2ce819bd75cc0193bfb2692bd\" FOREIGN KEY (\"userId\") REFERENCES \"users\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await q.query("INSERT INTO \"temporary_api_tokens\"(\"id\", \"createdAt\", \"companyId\", \"userId\", \"name\", \"scopeList\", \"tokenHash\", \"expiresAt\", \"lastUsedAt\", \"revokedAt\") SELECT \"id\", \"createdAt\", \"companyId\", \"userId\", \"name\", \"scopeList\", \"tokenHash\", \"expiresAt\", \"lastUsedAt\", \"revokedAt\" FROM \"api_tokens\"");
    await q.query("DROP TABLE \"api_tokens\"");
    await q.query("ALTER TABLE \"temporary_api_tokens\" RENAME TO \"api_tokens\"");
    await q.query("CREATE INDEX \"IDX_2a2ce819bd75cc0193bfb2692b\" ON \"api_tokens\" (\"userId\") ");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX \"IDX_2a2ce819bd75cc0193bfb2692b\"");
    await q.query("ALTER TABLE \"api_tokens\" RENAME TO \"temporary_api_tokens\"");
    await q.query("CREATE TABLE \"api_tokens\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"userId\" varchar(36) NOT NULL, \"name\" varchar(100) NOT NULL, \"scopeList\" varchar(40) NOT NULL, \"tokenHash\" varchar(64) NOT NULL, \"expiresAt\" datetime, \"lastUsedAt\" datetime, \"revokedAt\" datetime, CONSTRAINT \"UQ_cdac8e064e6e9c2e0835d1c1b86\" UNIQUE (\"tokenHash\"))");
    await q.query("INSERT INTO \"api_tokens\"(\"id\", \"createdAt\", \"companyId\", \"userId\", \"name\", \"scopeList\", \"tokenHash\", \"expiresAt\", \"lastUsedAt\", \"revokedAt\") SELECT \"id\", \"createdAt\", \"companyId\", \"userId\", \"name\", \"scopeList\", \"tokenHash\", \"expiresAt\", \"lastUsedAt\", \"revokedAt\" FROM \"temporary_api_tokens\"");
    await q.query("DROP TABLE \"temporary_api_tokens\"");
    await q.query("CREATE INDEX \"IDX_2a2ce819bd75cc0193bfb2692b\" ON \"api_tokens\" (\"userId\") ");
    await q.query("ALTER TABLE \"two_step_settings\" RENAME TO \"temporary_two_step_settings\"");
    await q.query("CREATE TABLE \"two_step_settings\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"userId\" varchar(36) NOT NULL, \"secret\" varchar(200) NOT NULL, \"enabledAt\" datetime, \"lastStep\" integer, CONSTRAINT \"UQ_f2c66c1740bd29d1da95a52ccad\" UNIQUE (\"userId\"))");
    await q.query("INSERT INTO \"two_step_settings\"(\"id\", \"createdAt\", \"userId\", \"secret\", \"enabledAt\", \"lastStep\") SELECT \"id\", \"createdAt\", \"userId\", \"secret\", \"enabledAt\", \"lastStep\" FROM \"temporary_two_step_settings\"");
    await q.query("DROP TABLE \"temporary_two_step_settings\"");
    await q.query("DROP INDEX \"IDX_9db83dd50022ebca119bb49186\"");
    await q.query("ALTER TABLE \"two_step_challenges\" RENAME TO \"temporary_two_step_challenges\"");
    await q.query("CREATE TABLE \"two_step_challenges\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"userId\" varchar(36) NOT NULL, \"challengeHash\" varchar(64) NOT NULL, \"expiresAt\" datetime NOT NULL, \"usedAt\" datetime, CONSTRAINT \"UQ_77a9703571df599bb9fe752e692\" UNIQUE (\"challengeHash\"))");
    await q.query("INSERT INTO \"two_step_challenges\"(\"id\", \"createdAt\", \"userId\", \"challengeHash\", \"expiresAt\", \"usedAt\") SELECT \"id\", \"createdAt\", \"userId\", \"challengeHash\", \"expiresAt\", \"usedAt\" FROM \"temporary_two_step_challenges\"");
    await q.query("DROP TABLE \"temporary_two_step_challenges\"");
    await q.query("CREATE INDEX \"IDX_9db83dd50022ebca119bb49186\" ON \"two_step_challenges\" (\"userId\") ");
    await q.query("DROP INDEX \"IDX_8ee959087728f17dac81cb93dd\"");
    await q.query("ALTER TABLE \"recovery_codes\" RENAME TO \"temporary_recovery_codes\"");
    await q.query("CREATE TABLE \"recovery_codes\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"userId\" varchar(36) NOT NULL, \"codeHash\" varchar(64) NOT NULL, \"usedAt\" datetime)");
    await q.query("INSERT INTO \"recovery_codes\"(\"id\", \"createdAt\", \"userId\", \"codeHash\", \"usedAt\") SELECT \"id\", \"createdAt\", \"userId\", \"codeHash\", \"usedAt\" FROM \"temporary_recovery_codes\"");
    await q.query("DROP TABLE \"temporary_recovery_codes\"");
    await q.query("CREATE UNIQUE INDEX \"IDX_8ee959087728f17dac81cb93dd\" ON \"recovery_codes\" (\"userId\", \"codeHash\") ");
    await q.query("DROP INDEX \"IDX_2a2ce819bd75cc0193bfb2692b\"");
    await q.query("DROP TABLE \"api_tokens\"");
    await q.query("DROP TABLE \"two_step_settings\"");
    await q.query("DROP INDEX \"IDX_9db83dd50022ebca119bb49186\"");
    await q.query("DROP TABLE \"two_step_challenges\"");
    await q.query("DROP INDEX \"IDX_8ee959087728f17dac81cb93dd\"");
    await q.query("DROP TABLE \"recovery_codes\"");
  }
}

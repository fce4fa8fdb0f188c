import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TwoStepAndApiTokens1796500000000 implements MigrationInterface {
  name = 'TwoStepAndApiTokens1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"recovery_codes\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"userId\" character varying(36) NOT NULL, \"codeHash\" character varying(64) NOT NULL, \"usedAt\" TIMESTAMP, CONSTRAINT \"PK_0723b9e53961e799027d7f7ba32\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE UNIQUE INDEX \"IDX_8ee959087728f17dac81cb93dd\" ON \"recovery_codes\"  (\"userId\", \"codeHash\") ");
    await q.query("CREATE TABLE \"two_step_challenges\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"userId\" character varying(36) NOT NULL, \"challengeHash\" character varying(64) NOT NULL, \"expiresAt\" TIMESTAMP NOT NULL, \"usedAt\" TIMESTAMP, CONSTRAINT \"UQ_77a9703571df599bb9fe752e692\" UNIQUE (\"challengeHash\"), CONSTRAINT \"PK_7c91dd4cbe08eaf75e3478aa135\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_9db83dd50022ebca119bb49186\" ON \"two_step_challenges\"  (\"userId\") ");
    await q.query("CREATE TABLE \"two_step_settings\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"userId\" character varying(36) NOT NULL, \"secret\" character varying(200) NOT NULL, \"enabledAt\" TIMESTAMP, \"lastStep\" integer, CONSTRAINT \"UQ_f2c66c1740bd29d1da95a52ccad\" UNIQUE (\"userId\"), CONSTRAINT \"PK_987cb8e7583d654443d9cd58079\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE TABLE \"api_tokens\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"companyId\" character varying(36) NOT NULL, \"userId\" character varying(36) NOT NULL, \"name\" character varying(100) NOT NULL, \"scopeList\" character varying(40) NOT NULL, \"tokenHash\" character varying(64) NOT NULL, \"expiresAt\" TIMESTAMP, \"lastUsedAt\" TIMESTAMP, \"revokedAt\" TIMESTAMP, CONSTRAINT \"UQ_cdac8e064e6e9c2e0835d1c1b86\" UNIQUE (\"tokenHash\"), CONSTRAINT \"PK_c587455266b5fa8dace7194caac\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_2a2ce819bd75cc0193bfb2692b\" ON \"api_tokens\"  (\"userId\") ");
    await q.query("ALTER TABLE \"recovery_codes\" ADD CONSTRAINT \"FK_5ab5f51b1ca8fcc0073d76fd3d9\" FOREIGN KEY (\"userId\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"two_step_challenges\" ADD CONSTRAINT \"FK_9db83dd50022ebca119bb491865\" FOREIGN KEY (\"userId\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"two_step_settings\" ADD CONSTRAINT \"FK_f2c66c1740bd29d1da95a52ccad\" FOREIGN KEY (\"userId\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"api_tokens\" ADD CONSTRAINT \"FK_0cf044150c1ddbdf4ffa981beeb\" FOREIGN KEY (\"companyId\") REFERENCES \"companies\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"api_tokens\" ADD CONSTRAINT \"FK_2a2ce819bd75cc0193bfb2692bd\" FOREIGN KEY (\"userId\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"api_tokens\" DROP CONSTRAINT \"FK_2a2ce819bd75cc0193bfb2692bd\"");
    await q.query("ALTER TABLE \"api_tokens\" DROP CONSTRAINT \"FK_0cf044150c1ddbdf4ffa981beeb\"");
    await q.query("ALTER TABLE \"two_step_settings\" DROP CONSTRAINT \"FK_f2c66c1740bd29d1da95a52ccad\"");
    await q.query("ALTER TABLE \"two_step_challenges\" DROP CONSTRAINT \"FK_9db83dd50022ebca119bb491865\"");
    await q.query("ALTER TABLE \"recovery_codes\" DROP CONSTRAINT \"FK_5ab5f51b1ca8fcc0073d76fd3d9\"");
    await q.query("DROP INDEX \"public\".\"IDX_2a2ce819bd75cc0193bfb2692b\"");
    await q.query("DROP TABLE \"api_tokens\"");
    await q.query("DROP TABLE \"two_step_settings\"");
    await q.query("DROP INDEX \"public\".\"IDX_9db83dd50022ebca119bb49186\"");
    await q.query("DROP TABLE \"two_step_challenges\"");
    await q.query("DROP INDEX \"public\".\"IDX_8ee959087728f17dac81cb93dd\"");
    await q.query("DROP TABLE \"recovery_codes\"");
  }
}

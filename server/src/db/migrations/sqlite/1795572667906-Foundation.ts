import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795572667906 implements MigrationInterface {
  name = 'Foundation1795572667906';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"users\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"name\" varchar(100) NOT NULL, \"email\" varchar(254) NOT NULL, \"emailKey\" varchar(254) NOT NULL, \"passwordHash\" varchar(200) NOT NULL, CONSTRAINT \"UQ_ae137787c1f782e4c09ccc797bc\" UNIQUE (\"emailKey\"))");
    await q.query("CREATE TABLE \"companies\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"name\" varchar(100) NOT NULL, \"description\" varchar(2000), \"website\" varchar(200), \"contactName\" varchar(100), \"contactEmail\" varchar(254), \"phone\" varchar(30), \"addressLine1\" varchar(200), \"addressLine2\" varchar(200), \"city\" varchar(100), \"region\" varchar(100), \"postalCode\" varchar(20), \"country\" varchar(2), \"timezone\" varchar(64))");
    await q.query("CREATE TABLE \"teams\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"name\" varchar(100) NOT NULL, \"nameKey\" varchar(100) NOT NULL)");
    await q.query("CREATE UNIQUE INDEX \"IDX_e2183d95985c4b22b0d680e3b5\" ON \"teams\" (\"companyId\", \"nameKey\") ");
    await q.query("CREATE TABLE \"company_members\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"userId\" varchar(36) NOT NULL, \"role\" varchar(20) NOT NULL, \"teamId\" varchar(36))");
    await q.query("CREATE INDEX \"IDX_b90cba2c7d2186fa520ee5e39a\" ON \"company_members\" (\"userId\") ");
    await q.query("CREATE INDEX \"IDX_95dd730550bc4d85147ceb15e2\" ON \"company_members\" (\"teamId\") ");
    await q.query("CREATE UNIQUE INDEX \"IDX_32cfc84ca28ef5a0eae635214a\" ON \"company_members\" (\"companyId\", \"userId\") ");
    await q.query("CREATE TABLE \"audit_events\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36), \"actorId\" varchar(36), \"action\" varchar(64) NOT NULL, \"targetType\" varchar(40) NOT NULL, \"targetId\" varchar(36) NOT NULL, \"data\" text NOT NULL)");
    await q.query("CREATE INDEX \"IDX_9e76ea4cc84a0e407c5a3aeb05\" ON \"audit_events\" (\"actorId\") ");
    await q.query("CREATE INDEX \"IDX_83888844737306f2485fa34ad6\" ON \"audit_events\" (\"companyId\", \"id\") ");
    await q.query("CREATE TABLE \"sessions\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"userId\" varchar(36) NOT NULL, \"tokenHash\" varchar(64) NOT NULL, \"expiresAt\" datetime NOT NULL, \"revokedAt\" datetime, CONSTRAINT \"UQ_bace6c68efc156fddac9b14bda2\" UNIQUE (\"tokenHash\"))");
    await q.query("CREATE INDEX \"IDX_57de40bc620f456c7311aa3a1e\" ON \"sessions\" (\"userId\") ");
    await q.query("DROP INDEX \"IDX_e2183d95985c4b22b0d680e3b5\"");
    await q.query("CREATE TABLE \"temporary_teams\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"name\" varchar(100) NOT NULL, \"nameKey\" varchar(100) NOT NULL, CONSTRAINT \"FK_fc2a980dcd97019349b17b3921e\" FOREIGN KEY (\"companyId\") REFERENCES \"companies\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await q.query("INSERT INTO \"temporary_teams\"(\"id\", \"createdAt\", \"companyId\", \"name\", \"nameKey\") SELECT \"id\", \"createdAt\", \"companyId\", \"name\", \"nameKey\" FROM \"teams\"");
    await q.query("DROP TABLE \"teams\"");
    await q.query("ALTER TABLE \"temporary_teams\" RENAME TO \"teams\"");
    await q.query("CREATE UNIQUE INDEX \"IDX_e2183d95985c4b22b0d680e3b5\" ON \"teams\" (\"companyId\", \"nameKey\") ");
    await q.query("DROP INDEX \"IDX_b90cba2c7d2186fa520ee5e39a\"");
    await q.query("DROP INDEX \"IDX_95dd730550bc4d85147ceb15e2\"");
    await q.query("DROP INDEX \"IDX_32cfc84ca28ef5a0eae635214a\"");
    await q.query("CREATE TABLE \"temporary_company_members\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"userId\" varchar(36) NOT NULL, \"role\" varchar(20) NOT NULL, \"teamId\" varchar(36), CONSTRAINT \"FK_ee30e433648d2a45dfd38cfb366\" FOREIGN KEY (\"companyId\") REFERENCES \"companies\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_b90cba2c7d2186fa520ee5e39a9\" FOREIGN KEY (\"userId\") REFERENCES \"users\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_95dd730550bc4d85147ceb15e2f\" FOREIGN KEY (\"teamId\") REFERENCES \"teams\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION)");
    await q.query("INSERT INTO \"temporary_company_members\"(\"id\", \"createdAt\", \"companyId\", \"userId\", \"role\", \"teamId\") SELECT \"id\", \"createdAt\", \"companyId\", \"userId\", \"role\", \"teamId\" FROM \"company_members\"");
    await q.query("DROP TABLE \"company_members\"");
    await q.query("ALTER TABLE \"temporary_company_members\" RENAME TO \"company_members\"");
    await q.query("CREATE INDEX \"IDX_b90cba2c7d2186fa520ee5e39a\" ON \"company_members\" (\"userId\") ");
    await q.query("CREATE INDEX \"IDX_95dd730550bc4d85147ceb15e2\" ON \"company_members\" (\"teamId\") ");
    await q.query("CREATE UNIQUE INDEX \"IDX_32cfc84ca28ef5a0eae635214a\" ON \"company_members\" (\"companyId\", \"userId\") ");
    await q.query("DROP INDEX \"IDX_57de40bc620f456c7311aa3a1e\"");
    await q.query("CREATE TABLE \"temporary_sessions\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"userId\" varchar(36) NOT NULL, \"tokenHash\" varchar(64) NOT NULL, \"expiresAt\" datetime NOT NULL, \"revokedAt\" datetime, CONSTRAINT \"UQ_bace6c68efc156fddac9b14bda2\" UNIQUE (\"tokenHash\"), CONSTRAINT \"FK_57de40bc620f456c7311aa3a1e6\" FOREIGN KEY (\"userId\") REFERENCES \"users\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await q.query("INSERT INTO \"temporary_sessions\"(\"id\", \"createdAt\", \"userId\", \"tokenHash\", \"expiresAt\", \"revokedAt\") SELECT \"id\", \"createdAt\", \"userId\", \"tokenHash\", \"expiresAt\", \"revokedAt\" FROM \"sessions\"");
    await q.query("DROP TABLE \"sessions\"");
    await q.query("ALTER TABLE \"temporary_sessions\" RENAME TO \"sessions\"");
    await q.query("CREATE INDEX \"IDX_57de40bc620f456c7311aa3a1e\" ON \"sessions\" (\"userId\") ");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX \"IDX_57de40bc620f456c7311aa3a1e\"");
    await q.query("ALTER TABLE \"sessions\" RENAME TO \"temporary_sessions\"");
    await q.query("CREATE TABLE \"sessions\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"userId\" varchar(36) NOT NULL, \"tokenHash\" varchar(64) NOT NULL, \"expiresAt\" datetime NOT NULL, \"revokedAt\" datetime, CONSTRAINT \"UQ_bace6c68efc156fddac9b14bda2\" UNIQUE (\"tokenHash\"))");
    await q.query("INSERT INTO \"sessions\"(\"id\", \"createdAt\", \"userId\", \"tokenHash\", \"expiresAt\", \"revokedAt\") SELECT \"id\", \"createdAt\", \"userId\", \"tokenHash\", \"expiresAt\", \"revokedAt\" FROM \"temporary_sessions\"");
    await q.query("DROP TABLE \"temporary_sessions\"");
    await q.query("CREATE INDEX \"IDX_57de40bc620f456c7311aa3a1e\" ON \"sessions\" (\"userId\") ");
    await q.query("DROP INDEX \"IDX_32cfc84ca28ef5a0eae635214a\"");
    await q.query("DROP INDEX \"IDX_95dd730550bc4d85147ceb15e2\"");
    await q.query("DROP INDEX \"IDX_b90cba2c7d2186fa520ee5e39a\"");
    await q.query("ALTER TABLE \"company_members\" RENAME TO \"temporary_company_members\"");
    await q.query("CREATE TABLE \"company_members\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"userId\" varchar(36) NOT NULL, \"role\" varchar(20) NOT NULL, \"teamId\" varchar(36))");
    await q.query("INSERT INTO \"company_members\"(\"id\", \"createdAt\", \"companyId\", \"userId\", \"role\", \"teamId\") SELECT \"id\", \"createdAt\", \"companyId\", \"userId\", \"role\", \"teamId\" FROM \"temporary_company_members\"");
    await q.query("DROP TABLE \"temporary_company_members\"");
    await q.query("CREATE UNIQUE INDEX \"IDX_32cfc84ca28ef5a0eae635214a\" ON \"company_members\" (\"companyId\", \"userId\") ");
    await q.query("CREATE INDEX \"IDX_95dd730550bc4d85147ceb15e2\" ON \"company_members\" (\"teamId\") ");
    await q.query("CREATE INDEX \"IDX_b90cba2c7d2186fa520ee5e39a\" ON \"company_members\" (\"userId\") ");
    await q.query("DROP INDEX \"IDX_e2183d95985c4b22b0d680e3b5\"");
    await q.query("ALTER TABLE \"teams\" RENAME TO \"temporary_teams\"");
    await q.query("CREATE TABLE \"teams\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"name\" varchar(100) NOT NULL, \"nameKey\" varchar(100) NOT NULL)");
    await q.query("INSERT INTO \"teams\"(\"id\", \"createdAt\", \"companyId\", \"name\", \"nameKey\") SELECT \"id\", \"createdAt\", \"companyId\", \"name\", \"nameKey\" FROM \"temporary_teams\"");
    await q.query("DROP TABLE \"temporary_teams\"");
    await q.query("CREATE UNIQUE INDEX \"IDX_e2183d95985c4b22b0d680e3b5\" ON \"teams\" (\"companyId\", \"nameKey\") ");
    await q.query("DROP INDEX \"IDX_57de40bc620f456c7311aa3a1e\"");
    await q.query("DROP TABLE \"sessions\"");
    await q.query("DROP INDEX \"IDX_83888844737306f2485fa34ad6\"");
    await q.query("DROP INDEX \"IDX_9e76ea4cc84a0e407c5a3aeb05\"");
    await q.query("DROP TABLE \"audit_events\"");
    await q.query("DROP INDEX \"IDX_32cfc84ca28ef5a0eae635214a\"");
    await q.query("DROP INDEX \"IDX_95dd730550bc4d85147ceb15e2\"");
    await q.query("DROP INDEX \"IDX_b90cba2c7d2186fa520ee5e39a\"");
    await q.query("DROP TABLE \"company_members\"");
    await q.query("DROP INDEX \"IDX_e2183d95985c4b22b0d680e3b5\"");
    await q.query("DROP TABLE \"teams\"");
    await q.query("DROP TABLE \"companies\"");
    await q.query("DROP TABLE \"users\"");
  }
}

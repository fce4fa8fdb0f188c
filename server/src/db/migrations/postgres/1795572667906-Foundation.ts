import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795572667906 implements MigrationInterface {
  name = 'Foundation1795572667906';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"users\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"name\" character varying(100) NOT NULL, \"email\" character varying(254) NOT NULL, \"emailKey\" character varying(254) NOT NULL, \"passwordHash\" character varying(200) NOT NULL, CONSTRAINT \"UQ_ae137787c1f782e4c09ccc797bc\" UNIQUE (\"emailKey\"), CONSTRAINT \"PK_a3ffb1c0c8416b9fc6f907b7433\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE TABLE \"companies\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"name\" character varying(100) NOT NULL, \"description\" character varying(2000), \"website\" character varying(200), \"contactName\" character varying(100), \"contactEmail\" character varying(254), \"phone\" character varying(30), \"addressLine1\" character varying(200), \"addressLine2\" character varying(200), \"city\" character varying(100), \"region\" character varying(100), \"postalCode\" character varying(20), \"country\" character varying(2), \"timezone\" character varying(64), CONSTRAINT \"PK_d4bc3e82a314fa9e29f652c2c22\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE TABLE \"teams\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"companyId\" character varying(36) NOT NULL, \"name\" character varying(100) NOT NULL, \"nameKey\" character varying(100) NOT NULL, CONSTRAINT \"PK_7e5523774a38b08a6236d322403\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE UNIQUE INDEX \"IDX_e2183d95985c4b22b0d680e3b5\" ON \"teams\"  (\"companyId\", \"nameKey\") ");
    await q.query("CREATE TABLE \"company_members\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"companyId\" character varying(36) NOT NULL, \"userId\" character varying(36) NOT NULL, \"role\" character varying(20) NOT NULL, \"teamId\" character varying(36), CONSTRAINT \"PK_b159163d9222448886158bc5385\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_b90cba2c7d2186fa520ee5e39a\" ON \"company_members\"  (\"userId\") ");
    await q.query("CREATE INDEX \"IDX_95dd730550bc4d85147ceb15e2\" ON \"company_members\"  (\"teamId\") ");
    await q.query("CREATE UNIQUE INDEX \"IDX_32cfc84ca28ef5a0eae635214a\" ON \"company_members\"  (\"companyId\", \"userId\") ");
    await q.query("CREATE TABLE \"audit_events\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"companyId\" character varying(36), \"actorId\" character varying(36), \"action\" character varying(64) NOT NULL, \"targetType\" character varying(40) NOT NULL, \"targetId\" character varying(36) NOT NULL, \"data\" text NOT NULL, CONSTRAINT \"PK_910f64d901a5c3e9878f0d4a407\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_9e76ea4cc84a0e407c5a3aeb05\" ON \"audit_events\"  (\"actorId\") ");
    await q.query("CREATE INDEX \"IDX_83888844737306f2485fa34ad6\" ON \"audit_events\"  (\"companyId\", \"id\") ");
    await q.query("CREATE TABLE \"sessions\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"userId\" character varying(36) NOT NULL, \"tokenHash\" character varying(64) NOT NULL, \"expiresAt\" TIMESTAMP NOT NULL, \"revokedAt\" TIMESTAMP, CONSTRAINT \"UQ_bace6c68efc156fddac9b14bda2\" UNIQUE (\"tokenHash\"), CONSTRAINT \"PK_3238ef96f18b355b671619111bc\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_57de40bc620f456c7311aa3a1e\" ON \"sessions\"  (\"userId\") ");
    await q.query("ALTER TABLE \"teams\" ADD CONSTRAINT \"FK_fc2a980dcd97019349b17b3921e\" FOREIGN KEY (\"companyId\") REFERENCES \"companies\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"company_members\" ADD CONSTRAINT \"FK_ee30e433648d2a45dfd38cfb366\" FOREIGN KEY (\"companyId\") REFERENCES \"companies\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"company_members\" ADD CONSTRAINT \"FK_b90cba2c7d2186fa520ee5e39a9\" FOREIGN KEY (\"userId\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"company_members\" ADD CONSTRAINT \"FK_95dd730550bc4d85147ceb15e2f\" FOREIGN KEY (\"teamId\") REFERENCES \"teams\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"sessions\" ADD CONSTRAINT \"FK_57de40bc620f456c7311aa3a1e6\" FOREIGN KEY (\"userId\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"sessions\" DROP CONSTRAINT \"FK_57de40bc620f456c7311aa3a1e6\"");
    await q.query("ALTER TABLE \"company_members\" DROP CONSTRAINT \"FK_95dd730550bc4d85147ceb15e2f\"");
    await q.query("ALTER TABLE \"company_members\" DROP CONSTRAINT \"FK_b90cba2c7d2186fa520ee5e39a9\"");
    await q.query("ALTER TABLE \"company_members\" DROP CONSTRAINT \"FK_ee30e433648d2a45dfd38cfb366\"");
    await q.query("ALTER TABLE \"teams\" DROP CONSTRAINT \"FK_fc2a980dcd97019349b17b3921e\"");
    await q.query("DROP INDEX \"public\".\"IDX_57de40bc620f456c7311aa3a1e\"");
    await q.query("DROP TABLE \"sessions\"");
    await q.query("DROP INDEX \"public\".\"IDX_83888844737306f2485fa34ad6\"");
    await q.query("DROP INDEX \"public\".\"IDX_9e76ea4cc84a0e407c5a3aeb05\"");
    await q.query("DROP TABLE \"audit_events\"");
    await q.query("DROP INDEX \"public\".\"IDX_32cfc84ca28ef5a0eae635214a\"");
    await q.query("DROP INDEX \"public\".\"IDX_95dd730550bc4d85147ceb15e2\"");
    await q.query("DROP INDEX \"public\".\"IDX_b90cba2c7d2186fa520ee5e39a\"");
    await q.query("DROP TABLE \"company_members\"");
    await q.query("DROP INDEX \"public\".\"IDX_e2183d95985c4b22b0d680e3b5\"");
    await q.query("DROP TABLE \"teams\"");
    await q.query("DROP TABLE \"companies\"");
    await q.query("DROP TABLE \"users\"");
  }
}

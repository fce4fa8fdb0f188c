import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ContractsAndOnboarding1795573300675 implements MigrationInterface {
  name = 'ContractsAndOnboarding1795573300675';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"contracts\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"companyId\" character varying(36) NOT NULL, \"freelancerId\" character varying(36) NOT NULL, \"createdById\" character varying(36), \"title\" character varying(200) NOT NULL, \"description\" character varying(5000), \"hourlyRateCents\" integer, \"currency\" character varying(3) NOT NULL DEFAULT 'USD', \"status\" character varying(20) NOT NULL, \"startedAt\" TIMESTAMP, \"endedAt\" TIMESTAMP, CONSTRAINT \"PK_2c7b8f3a7b1acdd49497d83d0fb\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_e57b156157d41fa38c1c1cd06d\" ON \"contracts\"  (\"freelancerId\") ");
    await q.query("CREATE INDEX \"IDX_a7b79a382b27a811fe25674d06\" ON \"contracts\"  (\"companyId\", \"status\") ");
    await q.query("CREATE TABLE \"onboarding_tasks\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"companyId\" character varying(36) NOT NULL, \"contractId\" character varying(36) NOT NULL, \"type\" character varying(40) NOT NULL, \"title\" character varying(200) NOT NULL, \"details\" character varying(5000) NOT NULL, \"ownerId\" character varying(36) NOT NULL, \"required\" boolean NOT NULL, \"requiresAttachment\" boolean NOT NULL, \"dueDate\" character varying(10), \"status\" character varying(20) NOT NULL, \"startedAt\" TIMESTAMP, \"completedAt\" TIMESTAMP, \"completedById\" character varying(36), \"classification\" character varying(30), CONSTRAINT \"PK_04ddbad3ed27e955e9edd674447\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_a7a2f8c4ea3e39c5119dc50d44\" ON \"onboarding_tasks\"  (\"companyId\") ");
    await q.query("CREATE INDEX \"IDX_71a761cd36e0c15d912ad950c9\" ON \"onboarding_tasks\"  (\"contractId\") ");
    await q.query("CREATE INDEX \"IDX_7449be19efb4e1174fd30dc8e2\" ON \"onboarding_tasks\"  (\"ownerId\") ");
    await q.query("CREATE TABLE \"uploads\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"uploaderId\" character varying(36) NOT NULL, \"sha256\" character varying(64) NOT NULL, \"size\" integer NOT NULL, \"contentType\" character varying(100) NOT NULL, \"filename\" character varying(200) NOT NULL, CONSTRAINT \"PK_d1781d1eedd7459314f60f39bd3\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_569fe786a844a2e381f3280cdc\" ON \"uploads\"  (\"uploaderId\") ");
    await q.query("CREATE TABLE \"onboarding_attachments\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"companyId\" character varying(36) NOT NULL, \"taskId\" character varying(36) NOT NULL, \"uploadId\" character varying(36) NOT NULL, \"attachedById\" character varying(36) NOT NULL, \"filename\" character varying(200) NOT NULL, \"contentType\" character varying(100) NOT NULL, \"size\" integer NOT NULL, CONSTRAINT \"PK_34f62ea5bcddba54f8e96cff109\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_b74727cfa61b6ac595d5552723\" ON \"onboarding_attachments\"  (\"companyId\") ");
    await q.query("CREATE INDEX \"IDX_9a70ae78c51c9b070aa217949d\" ON \"onboarding_attachments\"  (\"uploadId\") ");
    await q.query("CREATE UNIQUE INDEX \"IDX_c029ebade1ed7dcedbbdaf9aa2\" ON \"onboarding_attachments\"  (\"taskId\", \"uploadId\") ");
    await q.query("CREATE TABLE \"onboarding_templates\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"companyId\" character varying(36) NOT NULL, \"tasks\" text NOT NULL, \"updatedAt\" TIMESTAMP NOT NULL, CONSTRAINT \"PK_3d92c823abe29a6a0ad7ac25632\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE UNIQUE INDEX \"IDX_0e6e79e83dc4d2ebdea127a993\" ON \"onboarding_templates\"  (\"companyId\") ");
    await q.query("CREATE TABLE \"work_logs\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"companyId\" character varying(36) NOT NULL, \"contractId\" character varying(36) NOT NULL, \"freelancerId\" character varying(36) NOT NULL, \"date\" character varying(10) NOT NULL, \"minutes\" integer NOT NULL, \"memo\" character varying(2000) NOT NULL, CONSTRAINT \"PK_f4f3234af57451baa20576887be\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_5ed3b1aed9067db5e3f7e41ab4\" ON \"work_logs\"  (\"contractId\", \"date\") ");
    await q.query("ALTER TABLE \"contracts\" ADD CONSTRAINT \"FK_c3474ae214fc8718c39599a3f56\" FOREIGN KEY (\"companyId\") REFERENCES \"companies\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"contracts\" ADD CONSTRAINT \"FK_e57b156157d41fa38c1c1cd06d0\" FOREIGN KEY (\"freelancerId\") REFERENCES \"users\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"onboarding_tasks\" ADD CONSTRAINT \"FK_71a761cd36e0c15d912ad950c99\" FOREIGN KEY (\"contractId\") REFERENCES \"contracts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"onboarding_attachments\" ADD CONSTRAINT \"FK_fbb01768025eea7812de50d8118\" FOREIGN KEY (\"taskId\") REFERENCES \"onboarding_tasks\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"onboarding_attachments\" ADD CONSTRAINT \"FK_9a70ae78c51c9b070aa217949d5\" FOREIGN KEY (\"uploadId\") REFERENCES \"uploads\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"work_logs\" ADD CONSTRAINT \"FK_bc2dff5d5869dd50464b9bb4f49\" FOREIGN KEY (\"contractId\") REFERENCES \"contracts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"work_logs\" DROP CONSTRAINT \"FK_bc2dff5d5869dd50464b9bb4f49\"");
    await q.query("ALTER TABLE \"onboarding_attachments\" DROP CONSTRAINT \"FK_9a70ae78c51c9b070aa217949d5\"");
    await q.query("ALTER TABLE \"onboarding_attachments\" DROP CONSTRAINT \"FK_fbb01768025eea7812de50d8118\"");
    await q.query("ALTER TABLE \"onboarding_tasks\" DROP CONSTRAINT \"FK_71a761cd36e0c15d912ad950c99\"");
    await q.query("ALTER TABLE \"contracts\" DROP CONSTRAINT \"FK_e57b156157d41fa38c1c1cd06d0\"");
    await q.query("ALTER TABLE \"contracts\" DROP CONSTRAINT \"FK_c3474ae214fc8718c39599a3f56\"");
    await q.query("DROP INDEX \"public\".\"IDX_5ed3b1aed9067db5e3f7e41ab4\"");
    await q.query("DROP TABLE \"work_logs\"");
    await q.query("DROP INDEX \"public\".\"IDX_0e6e79e83dc4d2ebdea127a993\"");
    await q.query("DROP TABLE \"onboarding_templates\"");
    await q.query("DROP INDEX \"public\".\"IDX_c029ebade1ed7dcedbbdaf9aa2\"");
    await q.query("DROP INDEX \"public\".\"IDX_9a70ae78c51c9b070aa217949d\"");
    await q.query("DROP INDEX \"public\".\"IDX_b74727cfa61b6ac595d5552723\"");
    await q.query("DROP TABLE \"onboarding_attachments\"");
    await q.query("DROP INDEX \"public\".\"IDX_569fe786a844a2e381f3280cdc\"");
    await q.query("DROP TABLE \"uploads\"");
    await q.query("DROP INDEX \"public\".\"IDX_7449be19efb4e1174fd30dc8e2\"");
    await q.query("DROP INDEX \"public\".\"IDX_71a761cd36e0c15d912ad950c9\"");
    await q.query("DROP INDEX \"public\".\"IDX_a7a2f8c4ea3e39c5119dc50d44\"");
    await q.query("DROP TABLE \"onboarding_tasks\"");
    await q.query("DROP INDEX \"public\".\"IDX_a7b79a382b27a811fe25674d06\"");
    await q.query("DROP INDEX \"public\".\"IDX_e57b156157d41fa38c1c1cd06d\"");
    await q.query("DROP TABLE \"contracts\"");
  }
}

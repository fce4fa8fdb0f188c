import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Messaging1795574135811 implements MigrationInterface {
  name = 'Messaging1795574135811';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"message_threads\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"companyId\" character varying(36) NOT NULL, \"freelancerId\" character varying(36) NOT NULL, \"startedById\" character varying(36), \"subject\" character varying(200) NOT NULL, \"lastMessageAt\" TIMESTAMP NOT NULL, CONSTRAINT \"PK_257a191f664b9470b5d94f98264\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_956552f4b66509411855e00cf9\" ON \"message_threads\"  (\"freelancerId\") ");
    await q.query("CREATE INDEX \"IDX_ac7ef6ae713a1875645451d5eb\" ON \"message_threads\"  (\"companyId\", \"id\") ");
    await q.query("CREATE TABLE \"messages\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"companyId\" character varying(36) NOT NULL, \"threadId\" character varying(36) NOT NULL, \"authorId\" character varying(36), \"body\" text NOT NULL, CONSTRAINT \"PK_18325f38ae6de43878487eff986\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_819e6bb0ee78baf73c398dc707\" ON \"messages\"  (\"authorId\") ");
    await q.query("CREATE INDEX \"IDX_2063f55ff29fee7e9c5c6355f7\" ON \"messages\"  (\"threadId\", \"id\") ");
    await q.query("CREATE TABLE \"pending_thread_access\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"companyId\" character varying(36) NOT NULL, \"threadId\" character varying(36) NOT NULL, \"email\" character varying(254) NOT NULL, \"emailKey\" character varying(254) NOT NULL, \"permission\" character varying(10) NOT NULL, \"addedById\" character varying(36), CONSTRAINT \"PK_3b0978a9644fc5250c85626cc80\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_bafc98d122c9e3da439ca30e1f\" ON \"pending_thread_access\"  (\"companyId\", \"emailKey\") ");
    await q.query("CREATE UNIQUE INDEX \"IDX_3b2df466271837e40845776566\" ON \"pending_thread_access\"  (\"threadId\", \"emailKey\") ");
    await q.query("CREATE TABLE \"thread_participants\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"companyId\" character varying(36) NOT NULL, \"threadId\" character varying(36) NOT NULL, \"userId\" character varying(36) NOT NULL, \"permission\" character varying(10) NOT NULL, \"addedById\" character varying(36), CONSTRAINT \"PK_2effb0f373e10440228134d53f2\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_3362fd47c9b5589e0cbe7eafe8\" ON \"thread_participants\"  (\"userId\") ");
    await q.query("CREATE UNIQUE INDEX \"IDX_7c6bff1896b642caa268dbac0a\" ON \"thread_participants\"  (\"threadId\", \"userId\") ");
    await q.query("ALTER TABLE \"message_threads\" ADD CONSTRAINT \"FK_7b64d5fdd3fabe5eedcef50818c\" FOREIGN KEY (\"companyId\") REFERENCES \"companies\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"message_threads\" ADD CONSTRAINT \"FK_956552f4b66509411855e00cf9b\" FOREIGN KEY (\"freelancerId\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"message_threads\" ADD CONSTRAINT \"FK_2c7e1aa95f96fa98d7c4d98462a\" FOREIGN KEY (\"startedById\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"messages\" ADD CONSTRAINT \"FK_15f9bd2bf472ff12b6ee20012d0\" FOREIGN KEY (\"threadId\") REFERENCES \"message_threads\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"messages\" ADD CONSTRAINT \"FK_819e6bb0ee78baf73c398dc707f\" FOREIGN KEY (\"authorId\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"pending_thread_access\" ADD CONSTRAINT \"FK_1e05fb2784976eca72048ab337b\" FOREIGN KEY (\"threadId\") REFERENCES \"message_threads\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"pending_thread_access\" ADD CONSTRAINT \"FK_b05c08a1832d018405958b74a13\" FOREIGN KEY (\"addedById\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"thread_participants\" ADD CONSTRAINT \"FK_85d026d70ad129810fcf7a47344\" FOREIGN KEY (\"threadId\") REFERENCES \"message_threads\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"thread_participants\" ADD CONSTRAINT \"FK_3362fd47c9b5589e0cbe7eafe82\" FOREIGN KEY (\"userId\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"thread_participants\" ADD CONSTRAINT \"FK_16251b14e3aca97d37a9cf3f637\" FOREIGN KEY (\"addedById\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"thread_participants\" DROP CONSTRAINT \"FK_16251b14e3aca97d37a9cf3f637\"");
    await q.query("ALTER TABLE \"thread_participants\" DROP CONSTRAINT \"FK_3362fd47c9b5589e0cbe7eafe82\"");
    await q.query("ALTER TABLE \"thread_participants\" DROP CONSTRAINT \"FK_85d026d70ad129810fcf7a47344\"");
    await q.query("ALTER TABLE \"pending_thread_access\" DROP CONSTRAINT \"FK_b05c08a1832d018405958b74a13\"");
    await q.query("ALTER TABLE \"pending_thread_access\" DROP CONSTRAINT \"FK_1e05fb2784976eca72048ab337b\"");
    await q.query("ALTER TABLE \"messages\" DROP CONSTRAINT \"FK_819e6bb0ee78baf73c398dc707f\"");
    await q.query("ALTER TABLE \"messages\" DROP CONSTRAINT \"FK_15f9bd2bf472ff12b6ee20012d0\"");
    await q.query("ALTER TABLE \"message_threads\" DROP CONSTRAINT \"FK_2c7e1aa95f96fa98d7c4d98462a\"");
    await q.query("ALTER TABLE \"message_threads\" DROP CONSTRAINT \"FK_956552f4b66509411855e00cf9b\"");
    await q.query("ALTER TABLE \"message_threads\" DROP CONSTRAINT \"FK_7b64d5fdd3fabe5eedcef50818c\"");
    await q.query("DROP INDEX \"public\".\"IDX_7c6bff1896b642caa268dbac0a\"");
    await q.query("DROP INDEX \"public\".\"IDX_3362fd47c9b5589e0cbe7eafe8\"");
    await q.query("DROP TABLE \"thread_participants\"");
    await q.query("DROP INDEX \"public\".\"IDX_3b2df466271837e40845776566\"");
    await q.query("DROP INDEX \"public\".\"IDX_bafc98d122c9e3da439ca30e1f\"");
    await q.query("DROP TABLE \"pending_thread_access\"");
    await q.query("DROP INDEX \"public\".\"IDX_2063f55ff29fee7e9c5c6355f7\"");
    await q.query("DROP INDEX \"public\".\"IDX_819e6bb0ee78baf73c398dc707\"");
    await q.query("DROP TABLE \"messages\"");
    await q.query("DROP INDEX \"public\".\"IDX_ac7ef6ae713a1875645451d5eb\"");
    await q.query("DROP INDEX \"public\".\"IDX_956552f4b66509411855e00cf9\"");
    await q.query("DROP TABLE \"message_threads\"");
  }
}

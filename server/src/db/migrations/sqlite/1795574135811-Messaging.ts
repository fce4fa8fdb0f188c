import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Messaging1795574135811 implements MigrationInterface {
  name = 'Messaging1795574135811';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"message_threads\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"freelancerId\" varchar(36) NOT NULL, \"startedById\" varchar(36), \"subject\" varchar(200) NOT NULL, \"lastMessageAt\" datetime NOT NULL)");
    await q.query("CREATE INDEX \"IDX_956552f4b66509411855e00cf9\" ON \"message_threads\" (\"freelancerId\") ");
    await q.query("CREATE INDEX \"IDX_ac7ef6ae713a1875645451d5eb\" ON \"message_threads\" (\"companyId\", \"id\") ");
    await q.query("CREATE TABLE \"messages\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"threadId\" varchar(36) NOT NULL, \"authorId\" varchar(36), \"body\" text NOT NULL)");
    await q.query("CREATE INDEX \"IDX_819e6bb0ee78baf73c398dc707\" ON \"messages\" (\"authorId\") ");
    await q.query("CREATE INDEX \"IDX_2063f55ff29fee7e9c5c6355f7\" ON \"messages\" (\"threadId\", \"id\") ");
    await q.query("CREATE TABLE \"pending_thread_access\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"threadId\" varchar(36) NOT NULL, \"email\" varchar(254) NOT NULL, \"emailKey\" varchar(254) NOT NULL, \"permission\" varchar(10) NOT NULL, \"addedById\" varchar(36))");
    await q.query("CREATE INDEX \"IDX_bafc98d122c9e3da439ca30e1f\" ON \"pending_thread_access\" (\"companyId\", \"emailKey\") ");
    await q.query("CREATE UNIQUE INDEX \"IDX_3b2df466271837e40845776566\" ON \"pending_thread_access\" (\"threadId\", \"emailKey\") ");
    await q.query("CREATE TABLE \"thread_participants\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"threadId\" varchar(36) NOT NULL, \"userId\" varchar(36) NOT NULL, \"permission\" varchar(10) NOT NULL, \"addedById\" varchar(36))");
    await q.query("CREATE INDEX \"IDX_3362fd47c9b5589e0cbe7eafe8\" ON \"thread_participants\" (\"userId\") ");
    await q.query("CREATE UNIQUE INDEX \"IDX_7c6bff1896b642caa268dbac0a\" ON \"thread_participants\" (\"threadId\", \"userId\") ");
    await q.query("DROP INDEX \"IDX_956552f4b66509411855e00cf9\"");
    await q.query("DROP INDEX \"IDX_ac7ef6ae713a1875645451d5eb\"");
    await q.query("CREATE TABLE \"temporary_message_threads\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"freelancerId\" varchar(36) NOT NULL, \"startedById\" varchar(36), \"subject\" varchar(200) NOT NULL, \"lastMessageAt\" datetime NOT NULL, CONSTRAINT \"FK_7b64d5fdd3fabe5eedcef50818c\" FOREIGN KEY (\"companyId\") REFERENCES \"companies\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_956552f4b66509411855e00cf9b\" FOREIGN KEY (\"freelancerId\") REFERENCES \"users\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_2c7e1aa95f96fa98d7c4d98462a\" FOREIGN KEY (\"startedById\") REFERENCES \"users\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION)");
    await q.query("INSERT INTO \"temporary_message_threads\"(\"id\", \"createdAt\", \"companyId\", \"freelancerId\", \"startedById\", \"subject\", \"lastMessageAt\") SELECT \"id\", \"createdAt\", \"companyId\", \"freelancerId\", \"startedById\", \"subject\", \"lastMessageAt\" FROM \"message_threads\"");
    await q.query("DROP TABLE \"message_threads\"");
    await q.query("ALTER TABLE \"temporary_message_threads\" RENAME TO \"message_threads\"");
    await q.query("CREATE INDEX \"IDX_956552f4b66509411855e00cf9\" ON \"message_threads\" (\"freelancerId\") ");
    await q.query("CREATE INDEX \"IDX_ac7ef6ae713a1875645451d5eb\" ON \"message_threads\" (\"companyId\", \"id\") ");
    await q.query("DROP INDEX \"IDX_819e6bb0ee78baf73c398dc707\"");
    await q.query("DROP INDEX \"IDX_2063f55ff29fee7e9c5c6355f7\"");
    await q.query("CREATE TABLE \"temporary_messages\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"threadId\" varchar(36) NOT NULL, \"authorId\" varchar(36), \"body\" text NOT NULL, CONSTRAINT \"FK_15f9bd2bf472ff12b6ee20012d0\" FOREIGN KEY (\"threadId\") REFERENCES \"message_threads\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_819e6bb0ee78baf73c398dc707f\" FOREIGN KEY (\"authorId\") REFERENCES \"users\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION)");
    await q.query("INSERT INTO \"temporary_messages\"(\"id\", \"createdAt\", \"companyId\", \"threadId\", \"authorId\", \"body\") SELECT \"id\", \"createdAt\", \"companyId\", \"threadId\", \"authorId\", \"body\" FROM \"messages\"");
    await q.query("DROP TABLE \"messages\"");
    await q.query("ALTER TABLE \"temporary_messages\" RENAME TO \"messages\"");
    await q.query("CREATE INDEX \"IDX_819e6bb0ee78baf73c398dc707\" ON \"messages\" (\"authorId\") ");
    await q.query("CREATE INDEX \"IDX_2063f55ff29fee7e9c5c6355f7\" ON \"messages\" (\"threadId\", \"id\") ");
    await q.query("DROP INDEX \"IDX_bafc98d122c9e3da439ca30e1f\"");
    await q.query("DROP INDEX \"IDX_3b2df466271837e40845776566\"");
    await q.query("CREATE TABLE \"temporary_pending_thread_access\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"threadId\" varchar(36) NOT NULL, \"email\" varchar(254) NOT NULL, \"emailKey\" varchar(254) NOT NULL, \"permission\" varchar(10) NOT NULL, \"addedById\" varchar(36), CONSTRAINT \"FK_1e05fb2784976eca72048ab337b\" FOREIGN KEY (\"threadId\") REFERENCES \"message_threads\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_b05c08a1832d018405958b74a13\" FOREIGN KEY (\"addedById\") REFERENCES \"users\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION)");
    await q.query("INSERT INTO \"temporary_pending_thread_access\"(\"id\", \"createdAt\", \"companyId\", \"threadId\", \"email\", \"emailKey\", \"permission\", \"addedById\") SELECT \"id\", \"createdAt\", \"companyId\", \"threadId\", \"email\", \"emailKey\", \"permission\", \"addedById\" FROM \"pending_thread_access\"");
    await q.query("DROP TABLE \"pending_thread_access\"");
    await q.query("ALTER TABLE \"temporary_pending_thread_access\" RENAME TO \"pending_thread_access\"");
    await q.query("CREATE INDEX \"IDX_bafc98d122c9e3da439ca30e1f\" ON \"pending_thread_access\" (\"companyId\", \"emailKey\") ");
    await q.query("CREATE UNIQUE INDEX \"IDX_3b2df466271837e40845776566\" ON \"pending_thread_access\" (\"threadId\", \"emailKey\") ");
    await q.query("DROP INDEX \"IDX_3362fd47c9b5589e0cbe7eafe8\"");
    await q.query("DROP INDEX \"IDX_7c6bff1896b642caa268dbac0a\"");
    await q.query("CREATE TABLE \"temporary_thread_participants\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"threadId\" varchar(36) NOT NULL, \"userId\" varchar(36) NOT NULL, \"permission\" varchar(10) NOT NULL, \"addedById\" varchar(36), CONSTRAINT \"FK_85d026d70ad129810fcf7a47344\" FOREIGN KEY (\"threadId\") REFERENCES \"message_threads\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_3362fd47c9b5589e0cbe7eafe82\" FOREIGN KEY (\"userId\") REFERENCES \"users\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_16251b14e3aca97d37a9cf3f637\" FOREIGN KEY (\"addedById\") REFERENCES \"users\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION)");
    await q.query("INSERT INTO \"temporary_thread_participants\"(\"id\", \"createdAt\", \"companyId\", \"threadId\", \"userId\", \"permission\", \"addedById\") SELECT \"id\", \"createdAt\", \"companyId\", \"threadId\", \"userId\", \"permission\", \"addedById\" FROM \"thread_participants\"");
    await q.query("DROP TABLE \"thread_participants\"");
    await q.query("ALTER TABLE \"temporary_thread_participants\" RENAME TO \"thread_participants\"");
    await q.query("CREATE INDEX \"IDX_3362fd47c9b5589e0cbe7eafe8\" ON \"thread_participants\" (\"userId\") ");
    await q.query("CREATE UNIQUE INDEX \"IDX_7c6bff1896b642caa268dbac0a\" ON \"thread_participants\" (\"threadId\", \"userId\") ");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX \"IDX_7c6bff1896b642caa268dbac0a\"");
    await q.query("DROP INDEX \"IDX_3362fd47c9b5589e0cbe7eafe8\"");
    await q.query("ALTER TABLE \"thread_participants\" RENAME TO \"temporary_thread_participants\"");
    await q.query("CREATE TABLE \"thread_participants\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"threadId\" varchar(36) NOT NULL, \"userId\" varchar(36) NOT NULL, \"permission\" varchar(10) NOT NULL, \"addedById\" varchar(36))");
    await q.query("INSERT INTO \"thread_participants\"(\"id\", \"createdAt\", \"companyId\", \"threadId\", \"userId\", \"permission\", \"addedById\") SELECT \"id\", \"createdAt\", \"companyId\", \"threadId\", \"userId\", \"permission\", \"addedById\" FROM \"temporary_thread_participants\"");
    await q.query("DROP TABLE \"temporary_thread_participants\"");
    await q.query("CREATE UNIQUE INDEX \"IDX_7c6bff1896b642caa268dbac0a\" ON \"thread_participants\" (\"threadId\", \"userId\") ");
    await q.query("CREATE INDEX \"IDX_3362fd47c9b5589e0cbe7eafe8\" ON \"thread_participants\" (\"userId\") ");
    await q.query("DROP INDEX \"IDX_3b2df466271837e40845776566\"");
    await q.query("DROP INDEX \"IDX_bafc98d122c9e3da439ca30e1f\"");
    await q.query("ALTER TABLE \"pending_thread_access\" RENAME TO \"temporary_pending_thread_access\"");
    await q.query("CREATE TABLE \"pending_thread_access\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"threadId\" varchar(36) NOT NULL, \"email\" varchar(254) NOT NULL, \"emailKey\" varchar(254) NOT NULL, \"permission\" varchar(10) NOT NULL, \"addedById\" varchar(36))");
    await q.query("INSERT INTO \"pending_thread_access\"(\"id\", \"createdAt\", \"companyId\", \"threadId\", \"email\", \"emailKey\", \"permission\", \"addedById\") SELECT \"id\", \"createdAt\", \"companyId\", \"threadId\", \"email\", \"emailKey\", \"permission\", \"addedById\" FROM \"temporary_pending_thread_access\"");
    await q.query("DROP TABLE \"temporary_pending_thread_access\"");
    await q.query("CREATE UNIQUE INDEX \"IDX_3b2df466271837e40845776566\" ON \"pending_thread_access\" (\"threadId\", \"emailKey\") ");
    await q.query("CREATE INDEX \"IDX_bafc98d122c9e3da439ca30e1f\" ON \"pending_thread_access\" (\"companyId\", \"emailKey\") ");
    await q.query("DROP INDEX \"IDX_2063f55ff29fee7e9c5c6355f7\"");
    await q.query("DROP INDEX \"IDX_819e6bb0ee78baf73c398dc707\"");
    await q.query("ALTER TABLE \"messages\" RENAME TO \"temporary_messages\"");
    await q.query("CREATE TABLE \"messages\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"threadId\" varchar(36) NOT NULL, \"authorId\" varchar(36), \"body\" text NOT NULL)");
    await q.query("INSERT INTO \"messages\"(\"id\", \"createdAt\", \"companyId\", \"threadId\", \"authorId\", \"body\") SELECT \"id\", \"createdAt\", \"companyId\", \"threadId\", \"authorId\", \"body\" FROM \"temporary_messages\"");
    await q.query("DROP TABLE \"temporary_messages\"");
    await q.query("CREATE INDEX \"IDX_2063f55ff29fee7e9c5c6355f7\" ON \"messages\" (\"threadId\", \"id\") ");
    await q.query("CREATE INDEX \"IDX_819e6bb0ee78baf73c398dc707\" ON \"messages\" (\"authorId\") ");
    await q.query("DROP INDEX \"IDX_ac7ef6ae713a1875645451d5eb\"");
    await q.query("DROP INDEX \"IDX_956552f4b66509411855e00cf9\"");
    await q.query("ALTER TABLE \"message_threads\" RENAME TO \"temporary_message_threads\"");
    await q.query("CREATE TABLE \"message_threads\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"freelancerId\" varchar(36) NOT NULL, \"startedById\" varchar(36), \"subject\" varchar(200) NOT NULL, \"lastMessageAt\" datetime NOT NULL)");
    await q.query("INSERT INTO \"message_threads\"(\"id\", \"createdAt\", \"companyId\", \"freelancerId\", \"startedById\", \"subject\", \"lastMessageAt\") SELECT \"id\", \"createdAt\", \"companyId\", \"freelancerId\", \"startedById\", \"subject\", \"lastMessageAt\" FROM \"temporary_message_threads\"");
    await q.query("DROP TABLE \"temporary_message_threads\"");
    await q.query("CREATE INDEX \"IDX_ac7ef6ae713a1875645451d5eb\" ON \"message_threads\" (\"companyId\", \"id\") ");
    await q.query("CREATE INDEX \"IDX_956552f4b66509411855e00cf9\" ON \"message_threads\" (\"freelancerId\") ");
    await q.query("DROP INDEX \"IDX_7c6bff1896b642caa268dbac0a\"");
    await q.query("DROP INDEX \"IDX_3362fd47c9b5589e0cbe7eafe8\"");
    await q.query("DROP TABLE \"thread_participants\"");
    await q.query("DROP INDEX \"IDX_3b2df466271837e40845776566\"");
    await q.query("DROP INDEX \"IDX_bafc98d122c9e3da439ca30e1f\"");
    await q.query("DROP TABLE \"pending_thread_access\"");
    await q.query("DROP INDEX \"IDX_2063f55ff29fee7e9c5c6355f7\"");
    await q.query("DROP INDEX \"IDX_819e6bb0ee78baf73c398dc707\"");
    await q.query("DROP TABLE \"messages\"");
    await q.query("DROP INDEX \"IDX_ac7ef6ae713a1875645451d5eb\"");
    await q.query("DROP INDEX \"IDX_956552f4b66509411855e00cf9\"");
    await q.query("DROP TABLE \"message_threads\"");
  }
}

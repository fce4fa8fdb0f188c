import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Invitations1795573224013 implements MigrationInterface {
  name = 'Invitations1795573224013';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"invitations\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"companyId\" character varying(36) NOT NULL, \"email\" character varying(254) NOT NULL, \"emailKey\" character varying(254) NOT NULL, \"role\" character varying(20) NOT NULL, \"teamId\" character varying(36), \"message\" character varying(2000), \"status\" character varying(10) NOT NULL, \"tokenHash\" character varying(64) NOT NULL, \"expiresAt\" TIMESTAMP NOT NULL, \"invitedById\" character varying(36), \"acceptedById\" character varying(36), \"acceptedAt\" TIMESTAMP, \"revokedAt\" TIMESTAMP, CONSTRAINT \"UQ_a6eb6f2543de8a5a4c148b32a18\" UNIQUE (\"tokenHash\"), CONSTRAINT \"PK_5dec98cfdfd562e4ad3648bbb07\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_113cb1411bac0e764b922699d4\" ON \"invitations\"  (\"teamId\") ");
    await q.query("CREATE INDEX \"IDX_b60325e5302be0dad38b423314\" ON \"invitations\"  (\"invitedById\") ");
    await q.query("CREATE INDEX \"IDX_a331b2441a7d76dd86dda803fc\" ON \"invitations\"  (\"companyId\", \"status\") ");
    await q.query("CREATE UNIQUE INDEX \"IDX_invitations_one_pending_per_email\" ON \"invitations\"  (\"companyId\", \"emailKey\") WHERE \"status\" = 'PENDING'");
    await q.query("CREATE TABLE \"outbox_emails\" (\"id\" character varying(36) NOT NULL, \"createdAt\" TIMESTAMP NOT NULL DEFAULT now(), \"companyId\" character varying(36), \"to\" character varying(254) NOT NULL, \"subject\" character varying(300) NOT NULL, \"text\" text NOT NULL, \"html\" text NOT NULL, \"status\" character varying(10) NOT NULL DEFAULT 'PENDING', \"attempts\" integer NOT NULL DEFAULT '0', \"nextAttemptAt\" TIMESTAMP NOT NULL, \"lastError\" character varying(1000), \"sentAt\" TIMESTAMP, CONSTRAINT \"PK_8cb122e0b8065573966b2e1acf6\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_b59fc6912d11ef5d3ab2529467\" ON \"outbox_emails\"  (\"companyId\") ");
    await q.query("CREATE INDEX \"IDX_7088566215afcfb4c01ad95a89\" ON \"outbox_emails\"  (\"status\", \"nextAttemptAt\") ");
    await q.query("ALTER TABLE \"invitations\" ADD CONSTRAINT \"FK_c6c23a94f8c31d43ad25bcb2920\" FOREIGN KEY (\"companyId\") REFERENCES \"companies\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"invitations\" ADD CONSTRAINT \"FK_113cb1411bac0e764b922699d4b\" FOREIGN KEY (\"teamId\") REFERENCES \"teams\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"invitations\" ADD CONSTRAINT \"FK_b60325e5302be0dad38b423314c\" FOREIGN KEY (\"invitedById\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"invitations\" ADD CONSTRAINT \"FK_2c2b945d55160f5ddccea8b6467\" FOREIGN KEY (\"acceptedById\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"invitations\" DROP CONSTRAINT \"FK_2c2b945d55160f5ddccea8b6467\"");
    await q.query("ALTER TABLE \"invitations\" DROP CONSTRAINT \"FK_b60325e5302be0dad38b423314c\"");
    await q.query("ALTER TABLE \"invitations\" DROP CONSTRAINT \"FK_113cb1411bac0e764b922699d4b\"");
    await q.query("ALTER TABLE \"invitations\" DROP CONSTRAINT \"FK_c6c23a94f8c31d43ad25bcb2920\"");
    await q.query("DROP INDEX \"public\".\"IDX_7088566215afcfb4c01ad95a89\"");
    await q.query("DROP INDEX \"public\".\"IDX_b59fc6912d11ef5d3ab2529467\"");
    await q.query("DROP TABLE \"outbox_emails\"");
    await q.query("DROP INDEX \"public\".\"IDX_invitations_one_pending_per_email\"");
    await q.query("DROP INDEX \"public\".\"IDX_a331b2441a7d76dd86dda803fc\"");
    await q.query("DROP INDEX \"public\".\"IDX_b60325e5302be0dad38b423314\"");
    await q.query("DROP INDEX \"public\".\"IDX_113cb1411bac0e764b922699d4\"");
    await q.query("DROP TABLE \"invitations\"");
  }
}

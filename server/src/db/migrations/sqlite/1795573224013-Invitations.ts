import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Invitations1795573224013 implements MigrationInterface {
  name = 'Invitations1795573224013';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"invitations\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"email\" varchar(254) NOT NULL, \"emailKey\" varchar(254) NOT NULL, \"role\" varchar(20) NOT NULL, \"teamId\" varchar(36), \"message\" varchar(2000), \"status\" varchar(10) NOT NULL, \"tokenHash\" varchar(64) NOT NULL, \"expiresAt\" datetime NOT NULL, \"invitedById\" varchar(36), \"acceptedById\" varchar(36), \"acceptedAt\" datetime, \"revokedAt\" datetime, CONSTRAINT \"UQ_a6eb6f2543de8a5a4c148b32a18\" UNIQUE (\"tokenHash\"))");
    await q.query("CREATE INDEX \"IDX_113cb1411bac0e764b922699d4\" ON \"invitations\" (\"teamId\") ");
    await q.query("CREATE INDEX \"IDX_b60325e5302be0dad38b423314\" ON \"invitations\" (\"invitedById\") ");
    await q.query("CREATE INDEX \"IDX_a331b2441a7d76dd86dda803fc\" ON \"invitations\" (\"companyId\", \"status\") ");
    await q.query("CREATE UNIQUE INDEX \"IDX_invitations_one_pending_per_email\" ON \"invitations\" (\"companyId\", \"emailKey\") WHERE \"status\" = 'PENDING'");
    await q.query("CREATE TABLE \"outbox_emails\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36), \"to\" varchar(254) NOT NULL, \"subject\" varchar(300) NOT NULL, \"text\" text NOT NULL, \"html\" text NOT NULL, \"status\" varchar(10) NOT NULL DEFAULT ('PENDING'), \"attempts\" integer NOT NULL DEFAULT (0), \"nextAttemptAt\" datetime NOT NULL, \"lastError\" varchar(1000), \"sentAt\" datetime)");
    await q.query("CREATE INDEX \"IDX_b59fc6912d11ef5d3ab2529467\" ON \"outbox_emails\" (\"companyId\") ");
    await q.query("CREATE INDEX \"IDX_7088566215afcfb4c01ad95a89\" ON \"outbox_emails\" (\"status\", \"nextAttemptAt\") ");
    await q.query("DROP INDEX \"IDX_113cb1411bac0e764b922699d4\"");
    await q.query("DROP INDEX \"IDX_b60325e5302be0dad38b423314\"");
    await q.query("DROP INDEX \"IDX_a331b2441a7d76dd86dda803fc\"");
    await q.query("DROP INDEX \"IDX_invitations_one_pending_per_email\"");
    await q.query("CREATE TABLE \"temporary_invitations\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"email\" varchar(254) NOT NULL, \"emailKey\" varchar(254) NOT NULL, \"role\" varchar(20) NOT NULL, \"teamId\" varchar(36), \"message\" varchar(2000), \"status\" varchar(10) NOT NULL, \"tokenHash\" varchar(64) NOT NULL, \"expiresAt\" datetime NOT NULL, \"invitedById\" varchar(36), \"acceptedById\" varchar(36), \"acceptedAt\" datetime, \"revokedAt\" datetime, CONSTRAINT \"UQ_a6eb6f2543de8a5a4c148b32a18\" UNIQUE (\"tokenHash\"), CONSTRAINT \"FK_c6c23a94f8c31d43ad25bcb2920\" FOREIGN KEY (\"companyId\") REFERENCES \"companies\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_113cb1411bac0e764b922699d4b\" FOREIGN KEY (\"teamId\") REFERENCES \"teams\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT \"FK_b60325e5302be0dad38b423314c\" FOREIGN KEY (\"invitedById\") REFERENCES \"users\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT \"FK_2c2b945d55160f5ddccea8b6467\" FOREIGN KEY (\"acceptedById\") REFERENCES \"users\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION)");
    await q.query("INSERT INTO \"temporary_invitations\"(\"id\", \"createdAt\", \"companyId\", \"email\", \"emailKey\", \"role\", \"teamId\", \"message\", \"status\", \"tokenHash\", \"expiresAt\", \"invitedById\", \"acceptedById\", \"acceptedAt\", \"revokedAt\") SELECT \"id\", \"createdAt\", \"companyId\", \"email\", \"emailKey\", \"role\", \"teamId\", \"message\", \"status\", \"tokenHash\", \"expiresAt\", \"invitedById\", \"acceptedById\", \"acceptedAt\", \"revokedAt\" FROM \"invitations\"");
    await q.query("DROP TABLE \"invitations\"");
    await q.query("ALTER TABLE \"temporary_invitations\" RENAME TO \"invitations\"");
    await q.query("CREATE INDEX \"IDX_113cb1411bac0e764b922699d4\" ON \"invitations\" (\"teamId\") ");
    await q.query("CREATE INDEX \"IDX_b60325e5302be0dad38b423314\" ON \"invitations\" (\"invitedById\") ");
    await q.query("CREATE INDEX \"IDX_a331b2441a7d76dd86dda803fc\" ON \"invitations\" (\"companyId\", \"status\") ");
    await q.query("CREATE UNIQUE INDEX \"IDX_invitations_one_pending_per_email\" ON \"invitations\" (\"companyId\", \"emailKey\") WHERE \"status\" = 'PENDING'");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX \"IDX_invitations_one_pending_per_email\"");
    await q.query("DROP INDEX \"IDX_a331b2441a7d76dd86dda803fc\"");
    await q.query("DROP INDEX \"IDX_b60325e5302be0dad38b423314\"");
    await q.query("DROP INDEX \"IDX_113cb1411bac0e764b922699d4\"");
    await q.query("ALTER TABLE \"invitations\" RENAME TO \"temporary_invitations\"");
    await q.query("CREATE TABLE \"invitations\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"companyId\" varchar(36) NOT NULL, \"email\" varchar(254) NOT NULL, \"emailKey\" varchar(254) NOT NULL, \"role\" varchar(20) NOT NULL, \"teamId\" varchar(36), \"message\" varchar(2000), \"status\" varchar(10) NOT NULL, \"tokenHash\" varchar(64) NOT NULL, \"expiresAt\" datetime NOT NULL, \"invitedById\" varchar(36), \"acceptedById\" varchar(36), \"acceptedAt\" datetime, \"revokedAt\" datetime, CONSTRAINT \"UQ_a6eb6f2543de8a5a4c148b32a18\" UNIQUE (\"tokenHash\"))");
    await q.query("INSERT INTO \"invitations\"(\"id\", \"createdAt\", \"companyId\", \"email\", \"emailKey\", \"role\", \"teamId\", \"message\", \"status\", \"tokenHash\", \"expiresAt\", \"invitedById\", \"acceptedById\", \"acceptedAt\", \"revokedAt\") SELECT \"id\", \"createdAt\", \"companyId\", \"email\", \"emailKey\", \"role\", \"teamId\", \"message\", \"status\", \"tokenHash\", \"expiresAt\", \"invitedById\", \"acceptedById\", \"acceptedAt\", \"revokedAt\" FROM \"temporary_invitations\"");
    await q.query("DROP TABLE \"temporary_invitations\"");
    await q.query("CREATE UNIQUE INDEX \"IDX_invitations_one_pending_per_email\" ON \"invitations\" (\"companyId\", \"emailKey\") WHERE \"status\" = 'PENDING'");
    await q.query("CREATE INDEX \"IDX_a331b2441a7d76dd86dda803fc\" ON \"invitations\" (\"companyId\", \"status\") ");
    await q.query("CREATE INDEX \"IDX_b60325e5302be0dad38b423314\" ON \"invitations\" (\"invitedById\") ");
    await q.query("CREATE INDEX \"IDX_113cb1411bac0e764b922699d4\" ON \"invitations\" (\"teamId\") ");
    await q.query("DROP INDEX \"IDX_7088566215afcfb4c01ad95a89\"");
    await q.query("DROP INDEX \"IDX_b59fc6912d11ef5d3ab2529467\"");
    await q.query("DROP TABLE \"outbox_emails\"");
    await q.query("DROP INDEX \"IDX_invitations_one_pending_per_email\"");
    await q.query("DROP INDEX \"IDX_a331b2441a7d76dd86dda803fc\"");
    await q.query("DROP INDEX \"IDX_b60325e5302be0dad38b423314\"");
    await q.query("DROP INDEX \"IDX_113cb1411bac0e764b922699d4\"");
    await q.query("DROP TABLE \"invitations\"");
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InsightsIndexes1796118088455 implements MigrationInterface {
  name = 'InsightsIndexes1796118088455';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE INDEX \"IDX_541023f922beff37b6c36f5ce6\" ON \"contracts\"  (\"companyId\", \"id\") ");
    await q.query("CREATE INDEX \"IDX_34f182f177397ddf48f6544983\" ON \"contracts\"  (\"companyId\", \"createdAt\") ");
    await q.query("CREATE INDEX \"IDX_12e7104ac9c5ea0f949f9c3ef8\" ON \"onboarding_tasks\"  (\"companyId\", \"id\") ");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX \"public\".\"IDX_12e7104ac9c5ea0f949f9c3ef8\"");
    await q.query("DROP INDEX \"public\".\"IDX_34f182f177397ddf48f6544983\"");
    await q.query("DROP INDEX \"public\".\"IDX_541023f922beff37b6c36f5ce6\"");
  }
}

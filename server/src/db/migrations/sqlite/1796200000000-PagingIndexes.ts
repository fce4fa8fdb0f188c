import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes the batched page queries read in order: one range per parent, no sort (issue 11). */
export class PagingIndexes1796200000000 implements MigrationInterface {
  name = 'PagingIndexes1796200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX "IDX_company_members_company_page" ON "company_members" ("companyId", "id") ');
    await q.query('CREATE INDEX "IDX_onboarding_tasks_contract_order" ON "onboarding_tasks" ("contractId", "id") ');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "IDX_onboarding_tasks_contract_order"');
    await q.query('DROP INDEX "IDX_company_members_company_page"');
  }
}

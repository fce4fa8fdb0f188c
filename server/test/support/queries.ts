import type { TestApi } from './server';

/**
 * How many SQL statements the server sends while `work` runs (every engine logs each one through
 * the data source's logger). For "a page costs a constant number of queries" tests.
 */
export async function countQueries(api: TestApi, work: () => Promise<unknown>): Promise<number> {
  const logger = api.db.logger;
  const original = logger.logQuery.bind(logger);
  let count = 0;
  logger.logQuery = (...args) => {
    count += 1;
    return original(...args);
  };
  try {
    await work();
  } finally {
    logger.logQuery = original;
  }
  return count;
}

/**
 * Asserts that loading more parents did not cost a query per parent. DataLoader batches per tick, and
 * how nested loads fall into ticks can vary by one batch between runs, so a little slack is allowed;
 * a query per parent would exceed it (the tests grow the list by at least four parents).
 */
export function expectNoQueryPerParent(few: number, many: number): void {
  expect(many).toBeGreaterThan(0);
  expect(Math.abs(many - few)).toBeLessThanOrEqual(2);
}

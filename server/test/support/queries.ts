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

import { statementCounter } from '../../src/db/statement-counter';
import { ENGINE, type TestApi } from './server';

/**
 * How many SQL statements the server sends while `work` runs, from the data source's statement
 * counter (it sees every statement on either engine). For "a page costs a fixed number of
 * statements" tests; the test server's mail worker is kept from polling meanwhile.
 */
export function countQueries(api: TestApi, work: () => Promise<unknown>): Promise<number> {
  return statementCounter(api.db).during(work);
}

/** Statements every authenticated request costs before its resolvers run: the session and user lookup. */
export const AUTH_STATEMENTS = 1;

/**
 * Pins the statements of a request: exactly `expected` on SQLite. PostgreSQL answers over the network,
 * so loads of one loader that SQLite serves in one tick may fall into two and take a batch each; there
 * the count may exceed `expected` by up to `splits`, a bound set by the query's depth — never by the
 * number of parents, which is what an N+1 would grow with.
 */
export function expectStatements(actual: number, expected: number, splits = 1): void {
  if (ENGINE === 'sqlite') expect(actual).toBe(expected);
  else {
    expect(actual).toBeGreaterThanOrEqual(expected);
    expect(actual).toBeLessThanOrEqual(expected + splits);
  }
}

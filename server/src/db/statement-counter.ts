import { AdvancedConsoleLogger, type DataSource, type QueryRunner } from 'typeorm';

/**
 * The data source's logger: it counts every SQL statement sent on either engine (TypeORM hands each
 * one to the logger before running it, logging on or off), then logs as TypeORM's own logger would.
 * Tests read the count to pin how many statements a request costs, so that a query per parent
 * (an N+1) fails CI; the perf script reports it per request.
 */
export class StatementCounter extends AdvancedConsoleLogger {
  /** Statements sent since the data source was created. */
  statements = 0;
  /** The text of the last statements sent (at most 50), for tests that check what a request reads. */
  readonly recent: string[] = [];

  override logQuery(query: string, parameters?: unknown[], queryRunner?: QueryRunner): void {
    this.statements += 1;
    this.recent.push(query);
    if (this.recent.length > 50) this.recent.shift();
    super.logQuery(query, parameters, queryRunner);
  }

  /** How many statements are sent while `work` runs (by anyone: run nothing else meanwhile). */
  async during(work: () => Promise<unknown>): Promise<number> {
    const before = this.statements;
    await work();
    return this.statements - before;
  }
}

/** The statement counter of a data source made by `createDataSource`. */
export function statementCounter(db: DataSource): StatementCounter {
  if (!(db.logger instanceof StatementCounter)) throw new Error('this data source does not count statements');
  return db.logger;
}

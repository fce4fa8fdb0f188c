import type { DataSource } from 'typeorm';

export interface BenchClient {
  db: DataSource;
  gql(query: string, variables?: Record<string, unknown>, token?: string): Promise<Record<string, any>>;
  /** A plain HTTP request to the server (REST routes such as the CSV exports). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/** One scenario: `setup` seeds what it needs and returns the operation to time. */
export interface Scenario {
  name: string;
  requests: number;
  concurrency: number;
  setup(client: BenchClient): Promise<() => Promise<unknown>>;
}

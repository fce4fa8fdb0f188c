import { AsyncLocalStorage } from 'node:async_hooks';
import type { Response } from 'express';

/**
 * The id of the request being served (the `x-request-id` response header), for code that is handed no
 * context: Apollo's `formatError`, which puts it on every error as `extensions.requestId`.
 */
const scope = new AsyncLocalStorage<string>();

/** Runs the rest of a request's handling with its id known. Mount after the body is read (see app.ts). */
export const withRequestId = (requestId: string, next: () => void): void => scope.run(requestId, next);

export const currentRequestId = (): string | null => scope.getStore() ?? null;

/**
 * A REST route's error answer, in GraphQL's shape: `{ errors: [{ message, extensions: { code, …, requestId } }] }`.
 * BAD_USER_INPUT lists the value at fault under `fields` like the GraphQL answer does.
 */
export function sendError(res: Response, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  const fields = code === 'BAD_USER_INPUT' && !('fields' in extensions) ? { fields: [{ field: [], message }] } : {};
  res.status(status).json({ errors: [{ message, extensions: { code, ...fields, ...extensions, requestId: String(res.req.id) } }] });
}

import type { ServerResponse } from 'node:http';

/**
 * A REST route's error answer, in GraphQL's shape: `{ errors: [{ message, extensions: { code, …, requestId } }] }`.
 * BAD_USER_INPUT lists the value at fault under `fields` like the GraphQL answer does. Plain `node:http`,
 * so that the GraphQL endpoint, which bypasses Express, answers the same way.
 */
export function sendError(res: ServerResponse, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  const fields = code === 'BAD_USER_INPUT' && !('fields' in extensions) ? { fields: [{ field: [], message }] } : {};
  const body = JSON.stringify({ errors: [{ message, extensions: { code, ...fields, ...extensions, requestId: String(res.req.id) } }] });
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

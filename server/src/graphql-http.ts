import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type GraphQLRequestContextWillSendResponse } from '@apollo/server';
import type { Context } from './common/context';
import { sendError } from './common/http-errors';

/**
 * `/graphql` over plain `node:http`: the request handed to Apollo's `executeHTTPGraphQLRequest` and
 * its answer written back, with no framework in between.
 *
 * A `POST /graphql` of `application/json` in UTF-8 (what every GraphQL client sends) never reaches
 * Express: `isPlainGraphQLPost` picks it out in the server's request listener and `readJsonBody` reads
 * it. Routing, the body parser and the response helpers of Express cost a W1 request more than its
 * SQL did. Everything else sent to `/graphql` (GET, other content types or encodings) goes through
 * Express's JSON parser, which answers those cases as before, and then through the same `execute`.
 */
export interface GraphQLEndpoint {
  /** Serves one GraphQL request whose body (parsed JSON, or undefined) has been read. */
  execute(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void>;
}

/**
 * Puts the request id on every error of an answer that went through Apollo's request pipeline
 * (call it from a plugin's `willSendResponse`); `execute` names the answers given outside it.
 */
export function nameErrors(response: GraphQLRequestContextWillSendResponse<Context>['response'], requestId: string): void {
  if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
  response.body.singleResult.errors = response.body.singleResult.errors.map((error) =>
    error.extensions?.requestId ? error : { ...error, extensions: { ...error.extensions, requestId } },
  );
}

/**
 * An answer Apollo gave without running its request pipeline (a body with no query, a refusal while
 * building the context, a CSRF block) passes no plugin: its errors get the request id here. Such
 * answers are always 4xx or 5xx and small.
 */
function nameRequests(text: string, requestId: string): string {
  try {
    const answer = JSON.parse(text) as { errors?: unknown };
    if (!Array.isArray(answer.errors)) return text;
    answer.errors = answer.errors.map((error: { extensions?: Record<string, unknown> }) => ({ ...error, extensions: { ...error.extensions, requestId } }));
    return `${JSON.stringify(answer)}\n`;
  } catch {
    return text;
  }
}

export function graphqlEndpoint(apollo: ApolloServer<Context>, context: (req: IncomingMessage, body: unknown, search: string) => Promise<Context>): GraphQLEndpoint {
  return {
    async execute(req, res, body) {
      const url = req.url ?? '';
      const q = url.indexOf('?');
      const search = q >= 0 ? url.slice(q) : '';
      const headers = new HeaderMap();
      for (const name in req.headers) {
        const value = req.headers[name];
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      try {
        const answer = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search, body },
          context: () => context(req, body, search),
        });
        for (const [name, value] of answer.headers) res.setHeader(name, value);
        res.statusCode = answer.status ?? 200;
        if (answer.body.kind === 'complete') {
          res.end(res.statusCode >= 400 ? nameRequests(answer.body.string, req.id) : answer.body.string);
          return;
        }
        for await (const chunk of answer.body.asyncIterator) res.write(chunk);
        res.end();
      } catch (error) {
        req.log.error({ err: error }, 'unhandled GraphQL HTTP error');
        if (!res.headersSent) sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
        else res.destroy();
      }
    },
  };
}

/**
 * A `POST /graphql` that `readJsonBody` reads exactly as Express's JSON parser would: `application/json`,
 * in UTF-8 (or no charset), not compressed. Anything else is left to Express.
 */
export function isPlainGraphQLPost(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url ?? '';
  if (url !== '/graphql' && !url.startsWith('/graphql?')) return false;
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const type = req.headers['content-type'];
  if (type === 'application/json') return true;
  if (!type) return false;
  const [mime, ...params] = type.split(';');
  if (mime.trim().toLowerCase() !== 'application/json') return false;
  return params.every((param) => {
    const [name, value = ''] = param.split('=');
    return name.trim().toLowerCase() !== 'charset' || ['utf-8', 'utf8', '"utf-8"'].includes(value.trim().toLowerCase());
  });
}

export type BodyOutcome = { body: unknown } | { status: 400 | 413; code: 'BAD_REQUEST' | 'PAYLOAD_TOO_LARGE'; message: string };

/** Express's JSON parser in strict mode accepts an object or an array, and reads an empty body as `{}`. */
const FIRST_CHARACTER = /^[ \t\n\r]*(.)/s;

/**
 * Reads a JSON body of at most `limit` bytes. A body announced or found larger is refused as soon as
 * that is known (its remaining bytes are discarded, never kept); a client that stops sending leaves
 * the promise pending until Node's request timeout closes the socket.
 */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyOutcome> {
  const tooLarge = { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' } as const;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve(tooLarge);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.off('end', onEnd);
        req.resume();
        resolve(tooLarge);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
      if (text.length === 0) return resolve({ body: {} });
      const first = FIRST_CHARACTER.exec(text)?.[1];
      try {
        if (first !== '{' && first !== '[') throw new SyntaxError('not an object or array');
        resolve({ body: JSON.parse(text) as unknown });
      } catch {
        resolve({ status: 400, code: 'BAD_REQUEST', message: 'Request body is not valid JSON' });
      }
    };
    req.on('data', onData);
    req.on('end', onEnd);
    // A client that goes away: nothing to answer; the socket is already gone.
    req.on('error', () => req.destroy());
  });
}

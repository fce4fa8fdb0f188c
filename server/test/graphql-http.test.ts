import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { loadConfig } from '../src/config';
import { signUp } from './support/fixtures';
import { useTestServer } from './support/server';

/**
 * `/graphql` has two ways in (graphql-http.ts): a POST of plain JSON is read without Express, anything
 * else goes through Express's JSON parser. Both must answer alike, and the plain reader must refuse
 * what Express's parser refuses.
 */
type Answer = { status: number; requestId: string | null; body: { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] } };

async function post(url: string, body: string | Buffer, headers: Record<string, string>): Promise<Answer> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: res.status, requestId: res.headers.get('x-request-id'), body: (await res.json()) as Answer['body'] };
}

/** A POST sent in chunks, without Content-Length (Transfer-Encoding: chunked). */
function postChunked(url: string, chunks: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => (text += part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
const VIEWER = JSON.stringify({ query: '{ viewer { name } }' });

describe('the /graphql endpoint over HTTP', () => {
  const api = useTestServer({ limits: { ...loadConfig({}).limits, bodyBytes: 4096 } });

  it('answers a plain JSON POST and the same request sent gzipped (Express’s parser) alike', async () => {
    const me = await signUp(api, 'Paula Plain');
    const auth = { authorization: `Bearer ${me.token}` };
    const plain = await post(api.url, VIEWER, { ...JSON_TYPE, ...auth });
    const zipped = await post(api.url, gzipSync(VIEWER), { ...JSON_TYPE, ...auth, 'content-encoding': 'gzip' });
    const withCharset = await post(api.url, VIEWER, { 'content-type': 'application/json; charset=UTF-8', ...auth });
    for (const answer of [plain, zipped, withCharset]) {
      expect(answer).toEqual({ status: 200, requestId: expect.stringMatching(/^[\w-]{36}$/), body: { data: { viewer: { name: 'Paula Plain' } } } });
    }
  });

  it('answers a GET query through Express with the same data', async () => {
    const res = await api.fetch(`/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect([res.status, await res.json()]).toEqual([200, { data: { __typename: 'Query' } }]);
  });

  it('refuses a body over the limit, announced or not, with PAYLOAD_TOO_LARGE', async () => {
    const big = JSON.stringify({ query: `{ __typename } # ${'x'.repeat(5000)}` });
    const announced = await post(api.url, big, JSON_TYPE);
    expect(announced).toEqual({
      status: 413,
      requestId: expect.any(String),
      body: { errors: [{ message: 'Request body is too large', extensions: { code: 'PAYLOAD_TOO_LARGE', limit: 'bodyBytes', max: 4096, requestId: announced.requestId } }] },
    });
    const chunked = await postChunked(api.url, [big.slice(0, 3000), big.slice(3000)]);
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    // The server still serves the next request.
    expect((await post(api.url, JSON.stringify({ query: '{ __typename }' }), JSON_TYPE)).status).toBe(200);
  });

  it('reads a body sent in many chunks', async () => {
    const text = JSON.stringify({ query: '{ __typename }' });
    const chunked = await postChunked(api.url, [...text]);
    expect([chunked.status, JSON.parse(chunked.body)]).toEqual([200, { data: { __typename: 'Query' } }]);
  });

  it.each([
    ['broken JSON', '{"query":', 400, 'BAD_REQUEST', 'Request body is not valid JSON'],
    ['a JSON string', '"{ __typename }"', 400, 'BAD_REQUEST', 'Request body is not valid JSON'],
    ['a JSON number', '  42', 400, 'BAD_REQUEST', 'Request body is not valid JSON'],
    ['only spaces', '   ', 400, 'BAD_REQUEST', 'Request body is not valid JSON'],
    ['an empty body', '', 400, 'BAD_REQUEST', 'POST body missing, invalid Content-Type, or JSON object has no keys.'],
    ['an object without a query', '{"variables":{}}', 400, 'BAD_REQUEST', 'GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension.'],
    ['a batch', '[{"query":"{ __typename }"}]', 400, 'BAD_REQUEST', 'Operation batching disabled.'],
  ])('refuses %s with a typed error that names the request', async (_name, body, status, code, message) => {
    const answer = await post(api.url, body, JSON_TYPE);
    expect(answer).toEqual({ status, requestId: expect.any(String), body: { errors: [{ message, extensions: { code, requestId: answer.requestId } }] } });
  });

  it('leaves other charsets and content types to Express and Apollo, which refuse them as before', async () => {
    const latin = await post(api.url, VIEWER, { 'content-type': 'application/json; charset=latin1' });
    expect(latin).toEqual({
      status: 415,
      requestId: expect.any(String),
      body: { errors: [{ message: 'unsupported charset "LATIN1"', extensions: { code: 'BAD_REQUEST', requestId: latin.requestId } }] },
    });
    const text = await post(api.url, VIEWER, { 'content-type': 'text/plain' });
    expect(text.status).toBe(400);
    expect(text.body.errors?.[0].message).toMatch(/^This operation has been blocked as a potential Cross-Site Request Forgery/);
    expect(text.body.errors?.[0].extensions).toEqual({ code: 'BAD_REQUEST', requestId: text.requestId });
  });

  it('gives a refusal made while building the context (the document’s shape) the request id', async () => {
    const query = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`;
    const answer = await post(api.url, JSON.stringify({ query }), { ...JSON_TYPE, 'x-request-id': 'trace-ctx' });
    expect(answer.requestId).toBe('trace-ctx');
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.map((e) => [e.extensions.code, e.extensions.requestId])).toEqual([['QUERY_TOO_COMPLEX', 'trace-ctx']]);
  });
});

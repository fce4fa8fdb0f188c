import path from 'node:path';
import { HeaderMap } from '@apollo/server';
import { installGatewayContextFix } from '../src/common/gateway-context';

type Made = Record<string, any>;
type Maker = (requestContext: unknown, server: unknown, internals: unknown) => Made;

const FILE = path.join(path.dirname(require.resolve('@apollo/server')), 'utils', 'makeGatewayGraphQLRequestContext.js');

/** Apollo's own function, from a fresh copy of its module (the one the server uses has ours in its place). */
function apollosOwn(): Maker {
  let made: Maker | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    made = (require(FILE) as { makeGatewayGraphQLRequestContext: Maker }).makeGatewayGraphQLRequestContext;
  });
  return made!;
}

function requestContext(search: string) {
  return {
    request: {
      query: '{ a }',
      operationName: 'A',
      variables: { x: 1 },
      extensions: { e: true },
      http: { method: 'POST', search, headers: new HeaderMap([['authorization', 'Bearer t'], ['x-a', '1']]) },
    },
    response: { http: { headers: new HeaderMap([['x-b', '2']]), status: undefined as number | undefined } },
    schema: { schema: true },
    contextValue: { viewer: null },
    queryHash: 'hash',
    document: { kind: 'Document' },
    source: '{ a }',
    operationName: 'A',
    operation: { kind: 'OperationDefinition' },
    errors: undefined,
    metrics: { persistedQueryHit: false },
    overallCachePolicy: { policy: true },
    requestIsBatched: false,
  };
}

const plain = (made: Made) => ({
  ...made,
  request: { ...made.request, http: made.request.http && { ...made.request.http, headers: [...made.request.http.headers] } },
  response: { http: { status: made.response.http.status, headers: [...made.response.http.headers] } },
});

describe("Apollo's gateway request context (common/gateway-context.ts)", () => {
  const server = { logger: { name: 'logger' }, cache: { name: 'cache' } };
  const internals = { includeStacktraceInErrorResponses: false };

  it('is in place of Apollo 5.5.1’s own function, which Apollo’s request pipeline calls', () => {
    expect(installGatewayContextFix()).toBe(true);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pipelineModule = require(FILE) as { makeGatewayGraphQLRequestContext: Maker };
    expect(pipelineModule.makeGatewayGraphQLRequestContext.name).toBe('makeGatewayGraphQLRequestContext');
    expect(pipelineModule.makeGatewayGraphQLRequestContext).not.toBe(apollosOwn());
  });

  it.each(['', '?query=%7Ba%7D', 'query=%7Ba%7D'])('gives the executor what Apollo’s own gives, field for field (search %p)', (search) => {
    installGatewayContextFix();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ours = (require(FILE) as { makeGatewayGraphQLRequestContext: Maker }).makeGatewayGraphQLRequestContext;
    const theirs = apollosOwn();
    const [a, b] = [requestContext(search), requestContext(search)];
    expect(plain(ours(a, server, internals))).toEqual(plain(theirs(b, server, internals)));
  });

  it('reads and writes the status and headers of the request it was made for', () => {
    installGatewayContextFix();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ours = (require(FILE) as { makeGatewayGraphQLRequestContext: Maker }).makeGatewayGraphQLRequestContext;
    const rc = requestContext('');
    const made = ours(rc, server, internals);
    expect(made.response.http.status).toBeUndefined();
    made.response.http.status = 429;
    expect(rc.response.http.status).toBe(429);
    rc.response.http.status = 200;
    expect(made.response.http.status).toBe(200);
    made.response.http.headers.append('x-b', '3');
    made.response.http.headers.set('x-c', '4');
    expect([...rc.response.http.headers]).toEqual([['x-b', '2, 3'], ['x-c', '4']]);
    expect(made.request.http.headers.get('authorization')).toBe('Bearer t');
    expect(made.request.http.headers.get('missing')).toBeNull();
    expect(made.request.http.headers.has('x-a')).toBe(true);
    made.response.http.headers.delete('x-c');
    expect([...made.response.http.headers.keys()]).toEqual(['x-b']);
  });
});

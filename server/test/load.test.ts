import autocannon from 'autocannon';
import { createContract } from './support/contracts';
import { companyWithEveryRole, expectOk, signUp } from './support/fixtures';
import { ENGINE, useTestServer } from './support/server';

/**
 * A short load run (issue 9): autocannon drives a real server with a mix of reads and writes from
 * several connections at once. The assertion is about correctness under concurrency — no 5xx, no
 * INTERNAL_SERVER_ERROR, no dropped connection — never about speed (that is `npm run bench`).
 * LOAD_SECONDS sets the length (default 8 s per engine).
 */

const SECONDS = Number(process.env.LOAD_SECONDS ?? 8);

describe(`Load run (${ENGINE})`, () => {
  const api = useTestServer();

  it('serves mixed reads and writes from 8 connections with no 5xx and no internal error', async () => {
    const crew = await companyWithEveryRole(api, 'Loaded');
    const freelancer = await signUp(api, 'Load Freelancer');
    await createContract(api, crew.OWNER, crew.companyId, freelancer, [{ type: 'OTHER', ownerId: freelancer.id }]);
    const threadId = expectOk(
      await api.gql(
        `mutation($input: StartMessageThreadInput!) { startMessageThread(input: $input) { messageThread { id } userErrors { code } } }`,
        { input: { companyId: crew.companyId, freelancerId: freelancer.id, subject: 'Load test', body: 'First message' } },
        crew.OWNER.token,
      ),
      'startMessageThread',
    ).messageThread.id as string;

    const graphql = (token: string, query: string, variables: () => Record<string, unknown> = () => ({})): autocannon.Request => ({
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      setupRequest: (request) => ({ ...request, body: JSON.stringify({ query, variables: variables() }) }),
      onResponse: (status, body) => {
        checked += 1;
        if (status >= 500 || body.includes('INTERNAL_SERVER_ERROR')) internal.push(`${status} ${body.slice(0, 300)}`);
      },
    });
    const internal: string[] = [];
    let checked = 0;
    let n = 0;
    const requests = [
      graphql(crew.RECRUITER.token, `query($id: ID!) { company(id: $id) { name viewerRole members(first: 20) { totalCount nodes { role user { name } } } } }`, () => ({ id: crew.companyId })),
      graphql(crew.OWNER.token, `mutation($input: PostMessageInput!) { postMessage(input: $input) { message { id } userErrors { code } } }`, () => ({
        input: { threadId, body: `Message ${++n} about the pipeline` },
      })),
      graphql(freelancer.token, `{ viewer { contracts(first: 10) { nodes { status onboardingTasks { status } company { name viewerRole } } } } }`),
      graphql(crew.FULL.token, `query($s: String) { messageThreads(search: $s, first: 10) { totalCount nodes { subject } } }`, () => ({ s: n % 2 ? 'pipeline' : '"NEAR(' })),
      graphql(crew.HIRING_MANAGER.token, `mutation($input: InviteCoworkerInput!) { inviteCoworker(input: $input) { invitation { id } userErrors { code } } }`, () => ({
        input: { companyId: crew.companyId, email: `load-${++n}-${ENGINE}@example.com` },
      })),
      graphql(crew.OWNER.token, `query($id: ID!) { company(id: $id) { auditLog(first: 20) { nodes { action data } } } }`, () => ({ id: crew.companyId })),
    ];

    const result = await autocannon({ url: api.url, connections: 8, duration: SECONDS, requests });
    const summary = {
      engine: ENGINE,
      requests: result.requests.total,
      '2xx': result['2xx'],
      '4xx': result['4xx'],
      '5xx': result['5xx'],
      internalErrors: internal.length,
      bodiesChecked: checked,
      errors: result.errors,
      timeouts: result.timeouts,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
    };
    console.log(`load run: ${JSON.stringify(summary)}`);
    expect(internal.slice(0, 3)).toEqual([]);
    expect(result['5xx']).toBe(0);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result['2xx']).toBeGreaterThan(0);
    expect(checked).toBeGreaterThanOrEqual(result['2xx']);
    // The writes landed: the messages are all there.
    const messages = await api.gql(`query($id: ID!) { node(id: $id) { ... on MessageThread { messages { totalCount } } } }`, { id: threadId }, crew.OWNER.token);
    expect(messages.data?.node.messages.totalCount).toBeGreaterThan(1);
  }, (SECONDS + 30) * 1000);
});

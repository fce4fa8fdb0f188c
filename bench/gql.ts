/** A minimal GraphQL-over-HTTP client for seeding and for the equivalence check. */
export interface GqlResponse {
  status: number;
  text: string;
}

export async function post(url: string, body: unknown, token?: string): Promise<GqlResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

/** `data` of a successful operation; throws with the whole answer on errors or userErrors. */
export async function gql(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<any> {
  const { status, text } = await post(url, { query, variables }, token);
  const body = JSON.parse(text) as { data?: Record<string, any>; errors?: unknown[] };
  if (status !== 200 || body.errors) throw new Error(`GraphQL ${status}: ${text.slice(0, 500)}`);
  for (const payload of Object.values(body.data ?? {})) {
    if (payload && Array.isArray(payload.userErrors) && payload.userErrors.length) {
      throw new Error(`userErrors: ${JSON.stringify(payload.userErrors)}`);
    }
  }
  return body.data;
}

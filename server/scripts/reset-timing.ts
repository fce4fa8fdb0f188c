/**
 * How long requestPasswordReset takes for an address with an account and for one without, on a
 * fresh in-memory server: `node -r @swc-node/register server/scripts/reset-timing.ts [rounds]`.
 * The two must be close (no timing oracle worth having); this prints the medians and 90th percentiles.
 */
import 'reflect-metadata';
import { startTestServer } from '../test/support/server';

const QUERY = `mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { accepted userErrors { code } } }`;

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 200);
  const api = await startTestServer();
  try {
    const res = await api.gql(`mutation { signUp(input: { email: "timing@example.com", password: "correct horse battery", name: "T" }) { token } }`);
    if (!res.data) throw new Error(JSON.stringify(res));
    const times: Record<'existing' | 'missing', number[]> = { existing: [], missing: [] };
    const once = async (email: string) => {
      const start = process.hrtime.bigint();
      await api.gql(QUERY, { input: { email } });
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    for (let i = 0; i < 20; i += 1) await once(`warm-${i}@example.com`);
    for (let i = 0; i < rounds; i += 1) {
      // Alternating, so that drift (GC, caches, the growing outbox) hits both alike.
      times.existing.push(await once('timing@example.com'));
      times.missing.push(await once(`nobody-${i}@example.com`));
    }
    const at = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))].toFixed(2);
    for (const [kind, xs] of Object.entries(times)) console.log(`${kind.padEnd(8)} median ${at(xs, 0.5)} ms  p90 ${at(xs, 0.9)} ms  (${xs.length} requests)`);
  } finally {
    await api.stop();
  }
}

void main();

import fc from 'fast-check';
import {
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
} from 'graphql';
import { createContract } from './support/contracts';
import { companyWithEveryRole, expectOk, invite, randomId, signUp, type Account } from './support/fixtures';
import { committedSchema, operationFor, rootFields } from './support/schema-walk';
import { ENGINE, useTestServer } from './support/server';

/**
 * Property-based proof (issue 9): generated inputs — hostile strings, real and forged ids, edge
 * numbers, wrong shapes — sent to every mutation of schema.graphql never produce a 5xx or an
 * INTERNAL_SERVER_ERROR. The run count is bounded so it stays a few seconds per engine; a failure
 * prints fast-check's seed and the shrunk input (rerun with FC_SEED=<seed>).
 */

const RUNS_PER_MUTATION = Number(process.env.FC_RUNS ?? 6);

/** Strings attackers send: SQL and FTS syntax, control and odd Unicode characters, huge values. */
const HOSTILE = [
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  'NEAR(a b)',
  '"unterminated',
  'a OR b AND NOT c*',
  '%_\\',
  '\u0000',
  '\u001b[31m',
  '\ud800',
  '💥👩‍👩‍👧',
  'x'.repeat(10_001),
  '',
  '   ',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '2030-02-30',
  '-1',
  'null',
];

function arbitraryFor(type: GraphQLInputType, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return arbitraryFor(type.ofType, ids, depth);
  const nullable = (arb: fc.Arbitrary<unknown>) => fc.oneof({ weight: 5, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) });
  if (isListType(type)) return nullable(fc.array(arbitraryFor(type.ofType, ids, depth + 1), { maxLength: depth > 1 ? 1 : 3 }));
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => v.value));
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const model = Object.fromEntries(fields.map((f) => [f.name, arbitraryFor(f.type, ids, depth + 1)]));
    const requiredKeys = fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => f.name);
    return fc.record(model, { requiredKeys });
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        return fc.oneof(fc.constantFrom(...ids), fc.constantFrom('User', 'Company', 'Contract').map(randomId), fc.string({ maxLength: 20 }));
      case 'String':
        return fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom(...HOSTILE), fc.emailAddress());
      case 'Int':
        return fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constantFrom(0, 1, -1, 100, 101, 2 ** 31 - 1));
      case 'Float':
        return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, 0.25, 24, 24.01, -1, 1e308));
      case 'Boolean':
        return fc.boolean();
      case 'LocalDate':
        return fc.oneof(fc.constantFrom('2030-01-01', '1999-12-31', '2030-02-30', '0000-00-00', '2030-1-1'), fc.string({ maxLength: 12 }));
      case 'DateTimeISO':
        return fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string({ maxLength: 30 }));
      default:
        throw new Error(`No arbitrary for scalar ${type.name}: add one`);
    }
  }
  throw new Error(`Unexpected input type ${String(type)}`);
}

describe(`Fuzzing every mutation (${ENGINE})`, () => {
  const api = useTestServer();
  const mutations = rootFields(committedSchema()).filter((r) => r.kind === 'mutation');
  let caller: Account;
  let ids: string[];

  beforeAll(async () => {
    const crew = await companyWithEveryRole(api, 'Fuzzed');
    caller = crew.OWNER;
    const freelancer = await signUp(api, 'Fuzz Freelancer');
    const contract = await createContract(api, caller, crew.companyId, freelancer, [{ type: 'OTHER', ownerId: caller.id }]);
    const invitation = await invite(api, caller, crew.companyId, 'fuzzed@example.com');
    const thread = expectOk(
      await api.gql(
        `mutation($input: StartMessageThreadInput!) { startMessageThread(input: $input) { messageThread { id } userErrors { code } } }`,
        { input: { companyId: crew.companyId, freelancerId: freelancer.id, subject: 'Fuzz', body: 'Hello' } },
        caller.token,
      ),
      'startMessageThread',
    ).messageThread.id as string;
    const other = await companyWithEveryRole(api, 'Neighbour');
    ids = [
      crew.companyId,
      other.companyId,
      crew.FULL.id,
      crew.RECRUITER.id,
      freelancer.id,
      other.OWNER.id,
      caller.id,
      contract.id,
      contract.onboardingTasks[0].id,
      invitation.id,
      thread,
    ];
  });

  it.each(mutations.map((m) => [m.field.name, m] as const))('%s never answers 5xx or INTERNAL_SERVER_ERROR', async (name, { field }) => {
    const query = operationFor('mutation', field, '__typename');
    const args = fc.record(Object.fromEntries(field.args.map((a) => [a.name, arbitraryFor(a.type, ids)])));
    await fc.assert(
      fc.asyncProperty(args, async (variables) => {
        // logOut ends the session it is sent with: give it a fresh one each time.
        const token = name === 'logOut' ? (await signUp(api, 'Short Session')).token : caller.token;
        const res = await api.gql(query, variables, token);
        expect(res.status).toBeLessThan(500);
        expect(res.errors?.map((e) => e.extensions.code) ?? []).not.toContain('INTERNAL_SERVER_ERROR');
      }),
      { numRuns: RUNS_PER_MUTATION, seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined },
    );
  });
});

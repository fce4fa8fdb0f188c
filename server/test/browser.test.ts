import { CompanyRole } from '../src/common/permissions';
import { chromiumUnavailable, launchBrowser, openPage, screenshot, type TestPage } from './support/browser';
import { createContract } from './support/contracts';
import { createCompany, invite, signUp, type Account } from './support/fixtures';
import { ENGINE, useTestServer, type TestApi } from './support/server';

const unavailable = chromiumUnavailable();
// The pages' server-side logic is engine-independent (join/accept is tested over HTTP on both engines).
const runs = ENGINE === 'sqlite' && !unavailable;
if (ENGINE === 'sqlite' && unavailable) console.warn(`\n*** Browser suite SKIPPED: ${unavailable}\n`);

const MY_COMPANIES = `query Counts {
  viewer { companies { nodes { name contracts { totalCount } pending: contracts(status: [PENDING]) { totalCount } } } }
}`;

/** The memberships `user` has, read through the API. */
async function membershipsOf(api: TestApi, email: string, password: string) {
  const login = await api.gql(`mutation($input: LogInInput!) { logIn(input: $input) { token } }`, { input: { email, password } });
  const token = login.data?.logIn?.token as string;
  expect(token).toMatch(/^wr_/);
  const res = await api.gql(`{ viewer { companies { nodes { name viewerRole } } } }`, undefined, token);
  return res.data?.viewer?.companies?.nodes;
}

(runs ? describe : describe.skip)('In a real browser (headless Chromium)', () => {
  // Production: the IDE must fetch the schema with the pasted token (introspection is for signed-in users).
  const api = useTestServer({ nodeEnv: 'production' });
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let tab: TestPage;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    tab = await openPage(browser, api.url);
  });
  afterEach(async () => {
    // Nothing on these pages may reach another origin, and nothing may break (CSP violations log errors).
    expect(tab.foreignRequests).toEqual([]);
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  describe('the GraphQL IDE', () => {
    let owner: Account;

    beforeAll(async () => {
      owner = await signUp(api, 'Ada Analyst');
      const companyId = await createCompany(api, owner, 'Analytical Engines');
      const freelancers = [await signUp(api, 'Fay Freelancer'), await signUp(api, 'Finn Freelancer')];
      for (const [i, freelancer] of [...freelancers, ...freelancers, freelancers[0]].entries()) {
        await createContract(api, owner, companyId, freelancer, undefined, { title: `Contract ${i + 1}` });
      }
      // Two of the five leave PENDING: the page must show 5 and 3.
      const rows = await api.gql(`query($id: ID!) { company(id: $id) { contracts(first: 2) { nodes { id } } } }`, { id: companyId }, owner.token);
      for (const { id } of rows.data!.company.contracts.nodes) {
        const res = await api.gql(`mutation($input: CancelContractInput!) { cancelContract(input: $input) { userErrors { code } } }`, { input: { contractId: id } }, owner.token);
        expect(res.data?.cancelContract?.userErrors).toEqual([]);
      }
    });

    it('runs a query with a pasted token and shows the numbers, with schema docs and autocompletion', async () => {
      const { page } = tab;
      const workers: string[] = [];
      page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: api.url });
      const editor = (kind: 'operation.graphql' | 'headers.json') => page.locator(`.monaco-editor[data-uri$="-${kind}"]`);
      /** Replaces an editor's text the way a person pastes (typing would trigger Monaco's auto-closing). */
      const paste = async (kind: 'operation.graphql' | 'headers.json', text: string, shows: string) => {
        await editor(kind).click();
        await page.keyboard.press('ControlOrMeta+A');
        await page.evaluate((t) => navigator.clipboard.writeText(t), text);
        await page.keyboard.press('ControlOrMeta+V');
        await editor(kind).locator('.view-lines').getByText(shows).first().waitFor();
      };

      await page.goto(`${api.url}/graphql`);
      await editor('operation.graphql').waitFor();
      // The example operations open as tabs.
      await expect(page.locator('.graphiql-tab').allInnerTexts()).resolves.toEqual(['LogIn', 'MyCompanies', 'PendingContracts']);
      await page.locator('.graphiql-tab', { hasText: 'MyCompanies' }).click();

      // Paste the token into the headers editor; the IDE fetches the schema again with it.
      await page.getByRole('button', { name: 'Headers' }).click();
      const schemaWithToken = page.waitForResponse(
        (r) => (r.request().postData() ?? '').includes('IntrospectionQuery') && r.request().headers().authorization === `Bearer ${owner.token}`,
      );
      await paste('headers.json', JSON.stringify({ Authorization: `Bearer ${owner.token}` }), owner.token.slice(-12));
      expect((await schemaWithToken).status()).toBe(200);

      // Autocompletion knows the schema.
      await editor('operation.graphql').click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Delete');
      await page.keyboard.type('{ vie');
      await page.locator('.suggest-widget').getByText('viewer').first().waitFor();
      await page.keyboard.press('Escape');

      await paste('operation.graphql', MY_COMPANIES, 'pending');
      await page.getByRole('button', { name: /^Prettify query/ }).click();
      await page.locator('.graphiql-execute-button').click();
      const result = page.locator('.result-window');
      // Monaco renders spaces as U+00A0: \s matches both.
      await result.getByText(/"totalCount":\s*5/).waitFor();
      const text = (await result.innerText()).replace(/\s+/g, ' ');
      expect(text).toContain('"name": "Analytical Engines", "contracts": { "totalCount": 5 }, "pending": { "totalCount": 3 }');

      // The token follows to another tab (GraphiQL keeps headers per tab).
      await page.locator('.graphiql-tab', { hasText: 'PendingContracts' }).click();
      await editor('headers.json').locator('.view-lines').getByText(owner.token.slice(-12)).first().waitFor();
      await page.locator('.graphiql-tab', { hasText: 'Counts' }).click();

      // Docs: the explorer shows the schema's root types.
      await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
      await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().waitFor();
      await screenshot(page, 'ide');

      expect(new Set(workers.map((w) => w.replace(/-[A-Z0-9]{8}\.js$/, '')))).toEqual(
        new Set(['/assets/editor.worker', '/assets/json.worker', '/assets/graphql.worker']),
      );
      // Before the token, the anonymous introspection was refused (400): Chromium logs those responses.
      tab.errors.splice(0, tab.errors.length, ...tab.errors.filter((e) => !/status of 400/.test(e)));
    });
  });

  describe('the join page', () => {
    let owner: Account;
    let companyId: string;
    let teamId: string;

    beforeAll(async () => {
      owner = await signUp(api, 'Olivia Owner');
      companyId = await createCompany(api, owner, 'Acme Robotics');
      const team = await api.gql(
        `mutation($input: CreateTeamInput!) { createTeam(input: $input) { team { id } } }`,
        { input: { companyId, name: 'Design' } },
        owner.token,
      );
      teamId = team.data!.createTeam.team.id;
    });

    it('shows the invitation, signs a newcomer up, accepts, and the membership is real', async () => {
      const { page } = tab;
      const email = `newcomer-${Date.now()}@example.com`;
      const { token } = await invite(api, owner, companyId, email, { role: CompanyRole.HIRING_MANAGER, teamId });
      await page.goto(`${api.url}/join/${token}`);
      await expect(page.locator('h1').innerText()).resolves.toBe('Join Acme Robotics');
      await expect(page.locator('.invite').innerText()).resolves.toBe(
        'Olivia Owner invited you to join Acme Robotics as Hiring manager in the Design team.',
      );
      await expect(page.locator('.expiry').innerText()).resolves.toMatch(/^This invitation expires on .*\d{4}.*\.$/);

      await page.locator('#sign-up-name').fill('Nico Newcomer');
      await page.locator('#sign-up-email').fill(email);
      await page.locator('#sign-up-password').fill('correct horse battery');
      await screenshot(page, 'join');
      await page.getByRole('button', { name: 'Create account and join' }).click();
      const result = page.locator('#result[data-kind="success"]');
      await result.waitFor();
      await expect(result.innerText()).resolves.toBe('You joined Acme Robotics as Hiring manager in the Design team.');
      await expect(page.locator('#forms').isHidden()).resolves.toBe(true);
      await screenshot(page, 'join-accepted');

      expect(await membershipsOf(api, email, 'correct horse battery')).toEqual([{ name: 'Acme Robotics', viewerRole: 'HIRING_MANAGER' }]);
    });

    it('lets an existing account sign in and accept', async () => {
      const { page } = tab;
      const member = await signUp(api, 'Sam Signer');
      const { token } = await invite(api, owner, companyId, member.email, { role: CompanyRole.RECRUITER });
      await page.goto(`${api.url}/join/${token}`);
      await page.locator('#sign-in-email').fill(member.email);
      await page.locator('#sign-in-password').fill('correct horse battery');
      await page.getByRole('button', { name: 'Sign in and join' }).click();
      await expect(page.locator('#result[data-kind="success"]').innerText()).resolves.toBe('You joined Acme Robotics as Recruiter.');
      expect(await membershipsOf(api, member.email, 'correct horse battery')).toEqual([{ name: 'Acme Robotics', viewerRole: 'RECRUITER' }]);
    });

    it('refuses an account with another email: it says why and joins nothing', async () => {
      const { page } = tab;
      const other = await signUp(api, 'Wrong Person');
      const { token } = await invite(api, owner, companyId, `right-${Date.now()}@example.com`);
      await page.goto(`${api.url}/join/${token}`);
      await page.locator('#sign-in-email').fill(other.email);
      await page.locator('#sign-in-password').fill('correct horse battery');
      await page.getByRole('button', { name: 'Sign in and join' }).click();
      await expect(page.locator('#result[data-kind="error"]').innerText()).resolves.toBe(
        'This invitation was sent to a different email address; sign in with that account to accept it',
      );
      await expect(page.locator('#forms').isVisible()).resolves.toBe(true);
      expect(await membershipsOf(api, other.email, 'correct horse battery')).toEqual([]);
    });

    it('explains a link that is not valid', async () => {
      const { page } = tab;
      const response = await page.goto(`${api.url}/join/wr_not-a-real-token`);
      expect(response?.status()).toBe(404);
      // A 404 document is logged as a console error by Chromium: that one is expected.
      tab.errors.splice(0, tab.errors.length, ...tab.errors.filter((e) => !/status of 404/.test(e)));
      await expect(page.locator('h1').innerText()).resolves.toBe('This invitation link is not valid');
      await screenshot(page, 'join-invalid');
    });
  });
});

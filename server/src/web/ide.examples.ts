/**
 * The operations the IDE opens with, one tab each (bundled into the IDE by web/build.ts; a test
 * validates them against schema.graphql). Values in angle brackets are to be replaced.
 */
export interface IdeExample {
  query: string;
  variables?: string;
}

/** The headers editor's starting text: paste a token from logIn/signUp after `Bearer `. */
export const IDE_HEADERS = '{\n  "Authorization": "Bearer "\n}';

const vars = (value: Record<string, unknown>) => JSON.stringify(value, null, 2);

export const IDE_EXAMPLES: IdeExample[] = [
  {
    query: `# Sign in: copy "token" into the Headers editor below, after "Bearer ".
mutation LogIn($email: String!, $password: String!) {
  logIn(input: { email: $email, password: $password }) {
    token
    expiresAt
    user { id name }
    userErrors { code field message }
  }
}
`,
    variables: vars({ email: 'ada@example.com', password: 'correct horse battery' }),
  },
  {
    query: `# The companies you belong to, with your role and their contract counts.
query MyCompanies {
  viewer {
    name
    companies(first: 20) {
      totalCount
      nodes {
        id
        name
        viewerRole
        contracts { totalCount }
      }
    }
  }
}
`,
  },
  {
    query: `# Contracts waiting for onboarding, with their tasks (id from MyCompanies).
query PendingContracts($companyId: ID!) {
  company(id: $companyId) {
    name
    contracts(status: [PENDING], first: 20) {
      totalCount
      nodes {
        id
        title
        createdAt
        freelancer { name }
        onboardingProgress { required requiredCompleted }
        onboardingTasks { title type status required dueDate overdue owner { name } }
      }
    }
  }
}
`,
    variables: vars({ companyId: '<company id>' }),
  },
];

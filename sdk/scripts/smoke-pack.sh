#!/usr/bin/env bash
# Proves the published package works for a user: builds and packs @workroom/sdk, installs the
# tarball into an empty "type": "module" project, generates a typed document for a query of the
# project's own with the README's codegen recipe (against the schema.graphql the package ships),
# compiles a program against both with strict NodeNext settings and skipLibCheck off, runs it
# against a live server (ESM), runs the CommonJS entry too, and checks that misspelt fields and a
# wrong variable type do not compile, with the expected messages.
#
#   bash sdk/scripts/smoke-pack.sh                 # starts a server on a temporary SQLite file
#   WORKROOM_URL=http://host:4000/graphql bash sdk/scripts/smoke-pack.sh   # uses yours
#
# Prefer-offline: the tarball's one dependency and graphql come from the npm cache when there (--prefer-offline; the
# repository's own install put them there), and codegen runs from the repository's node_modules
# rather than being installed. Leaves nothing behind except with KEEP=1.
set -euo pipefail

SDK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$SDK_DIR/.." && pwd)"
TSC="$ROOT/node_modules/.bin/tsc"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/workroom-sdk-smoke.XXXXXX")"
SERVER_PID=""

cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [[ "${KEEP:-}" == "1" ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }

step "pack (prepack builds dist/esm and dist/cjs)"
cd "$SDK_DIR"
TARBALL="$WORK/$(npm pack --silent --pack-destination "$WORK" | tail -n 1)"
tar -tzf "$TARBALL" | sort | sed 's/^/   /'

step "install the tarball into an empty ESM project"
mkdir "$WORK/app"
cd "$WORK/app"
cat > package.json <<'EOF'
{ "name": "smoke-app", "private": true, "type": "module" }
EOF
npm install --prefer-offline --no-audit --no-fund --loglevel=error "$TARBALL" "graphql@$(node -p "require('$ROOT/node_modules/graphql/package.json').version")"
npm ls --all --depth=1 | sed 's/^/   /'
test -f node_modules/@workroom/sdk/schema.graphql || { echo "FAIL: the package does not ship schema.graphql"; exit 1; }

step "generate a typed document for the project's own query (the README's codegen recipe)"
mkdir src
cat > src/my-teams.graphql <<'EOF'
query MyTeams($companyId: ID!, $first: Int) {
  company(id: $companyId) {
    name
    viewerRole
    teams(first: $first) {
      totalCount
      nodes {
        name
      }
    }
  }
}
EOF
# The ```yaml block of sdk/README.md, verbatim.
awk '/^```yaml$/ {on=1; next} /^```$/ {if (on) exit} on' "$SDK_DIR/README.md" > codegen.yml
sed 's/^/   /' codegen.yml
NODE_PATH="$ROOT/node_modules" node "$ROOT/node_modules/@graphql-codegen/cli/cjs/bin.js" --config codegen.yml
ls src/gql | sed 's/^/   generated: /'

if [[ -z "${WORKROOM_URL:-}" ]]; then
  step "start a server on a temporary SQLite database"
  PORT="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
  (cd "$ROOT" && PORT="$PORT" HOST=127.0.0.1 DATABASE_URL="sqlite:$WORK/workroom.sqlite" UPLOAD_DIR="$WORK/uploads" LOG_LEVEL=warn \
    exec node -r @swc-node/register server/src/main.ts) &
  SERVER_PID=$!
  WORKROOM_URL="http://127.0.0.1:$PORT/graphql"
  for _ in $(seq 1 100); do
    if node -e "fetch('http://127.0.0.1:$PORT/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then break; fi
    sleep 0.2
  done
fi
echo "   server: $WORKROOM_URL"

step "compile a strict NodeNext program against the package (skipLibCheck: false, no @types/node)"
cat > tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "skipLibCheck": false,
    "types": [],
    "outDir": "out"
  },
  "files": ["main.ts", "legacy.cts"]
}
EOF
cat > main.ts <<EOF
import { createClient, paginate, WorkroomError, type CompanyRole } from '@workroom/sdk';
import { MyTeamsDocument } from './src/gql/graphql.js';

const workroom = createClient({ url: '$WORKROOM_URL', throwOnUserErrors: true });
const email = \`smoke-\${Date.now()}@example.com\`;
const { signUp } = await workroom.signUp({ input: { email, password: 'correct horse battery', name: 'Smoke Test' } });
const me = workroom.withToken(signUp.token);
const { createCompany } = await me.createCompany({ input: { name: 'Smoke Inc' } });
const role: CompanyRole | null = createCompany.company!.viewerRole;
const { viewer } = await me.viewer();
const companies: string[] = [];
for await (const company of paginate(me.viewerCompanies)) companies.push(company.name);
try {
  await workroom.company({ id: createCompany.company!.id });
} catch (error) {
  if (!(error instanceof WorkroomError)) throw error;
  console.log('anonymous company():', error.code);
}
await me.createTeam({ input: { companyId: createCompany.company!.id, name: 'Smoke Team' } });
const mine = await me.request(MyTeamsDocument, { companyId: createCompany.company!.id, first: 5 });
const teamNames: string[] = mine.company.teams.nodes.map((team) => team.name);
if (mine.company.teams.totalCount !== 1 || teamNames[0] !== 'Smoke Team') throw new Error('request(MyTeamsDocument) returned ' + JSON.stringify(mine));
console.log('own typed query:', mine.company.name, mine.company.viewerRole, teamNames);
console.log('viewer:', viewer?.name, viewer?.email === email ? '(email matches)' : '(EMAIL MISMATCH)');
console.log('role:', role, 'companies:', companies);
EOF
cat > legacy.cts <<'EOF'
// A CommonJS consumer: compiled to require(), typed by the package's "require" declarations.
import { createClient } from '@workroom/sdk';

export const viewerOf = async (url: string) => (await createClient({ url }).viewer()).viewer;
EOF
"$TSC" -p tsconfig.json
echo "   compiled: $(ls out | tr '\n' ' ')"

step "run it (ESM) against the server"
node out/main.js

step "run the CommonJS entry (require) against the server"
node -e "require('./out/legacy.cjs').viewerOf('$WORKROOM_URL').then((v) => console.log('   anonymous viewer via require():', v))"

step "misspelt fields and a wrong variable type must not compile"
cat > bad.ts <<EOF
import { createClient } from '@workroom/sdk';
import { MyTeamsDocument } from './src/gql/graphql.js';

const workroom = createClient({ url: '$WORKROOM_URL' });
const { viewer } = await workroom.viewer();
console.log(viewer?.emial);
const mine = await workroom.request(MyTeamsDocument, { companyId: 'Q29tcGFueTox' });
console.log(mine.company.nmae);
await workroom.request(MyTeamsDocument, { companyId: 'Q29tcGFueTox', first: 'five' });
EOF
cat > tsconfig.bad.json <<'EOF'
{ "extends": "./tsconfig.json", "compilerOptions": { "noEmit": true }, "files": ["bad.ts"] }
EOF
if OUTPUT="$("$TSC" -p tsconfig.bad.json 2>&1)"; then
  echo "FAIL: bad.ts compiled"
  exit 1
fi
echo "$OUTPUT" | sed 's/^/   /'
expect_error() {
  grep -q "$1" <<<"$OUTPUT" || { echo "FAIL: expected a compile error matching: $1"; exit 1; }
}
expect_error "bad.ts(6,.*Property 'emial' does not exist"
expect_error "bad.ts(8,.*Property 'nmae' does not exist"
expect_error "bad.ts(9,.*No overload matches this call"
# …because of the variable: the typed overload's reason (the other wants a string document).
expect_error "^ *Type 'string' is not assignable to type 'number'"
[[ "$(grep -c 'error TS' <<<"$OUTPUT")" == 3 ]] || { echo "FAIL: expected exactly 3 compile errors"; exit 1; }

step "OK: the packed SDK installs, types its user's own queries, type-checks strictly, runs as ESM and CommonJS, and rejects typos and wrong variables"

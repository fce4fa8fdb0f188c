#!/usr/bin/env bash
# Proves the published package works for a user: builds and packs @workroom/sdk, installs the
# tarball (and its dependencies, from the npm registry) into an empty "type": "module" project,
# compiles a program against it with strict NodeNext settings and skipLibCheck off, runs it
# against a live server (ESM), runs the CommonJS entry too, and checks that a misspelled field
# (`viewer?.emial`) does not compile.
#
#   bash sdk/scripts/smoke-pack.sh                 # starts a server on a temporary SQLite file
#   WORKROOM_URL=http://host:4000/graphql bash sdk/scripts/smoke-pack.sh   # uses yours
#
# Not part of CI: it needs the registry. Leaves nothing behind except with KEEP=1.
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
npm install --no-audit --no-fund --loglevel=error "$TARBALL"
npm ls --all --depth=1 | sed 's/^/   /'

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

step "a misspelled field must not compile"
cat > bad.ts <<EOF
import { createClient } from '@workroom/sdk';

const { viewer } = await createClient({ url: '$WORKROOM_URL' }).viewer();
console.log(viewer?.emial);
EOF
cat > tsconfig.bad.json <<'EOF'
{ "extends": "./tsconfig.json", "compilerOptions": { "noEmit": true }, "files": ["bad.ts"] }
EOF
if OUTPUT="$("$TSC" -p tsconfig.bad.json 2>&1)"; then
  echo "FAIL: bad.ts compiled"
  exit 1
fi
echo "$OUTPUT" | sed 's/^/   /'
grep -q "Property 'emial' does not exist" <<<"$OUTPUT"

step "OK: the packed SDK installs, type-checks strictly, runs as ESM and CommonJS, and rejects typos"

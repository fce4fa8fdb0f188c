// @ts-check
/* global module */
/**
 * The module graph of server/src, checked by `npm run depcruise` (and so by CI). README "Architecture"
 * draws it. Each domain module is a folder; another module reaches it only through its `index.ts`.
 *
 * LAYERS lists, for each module, the modules it may import. Anything not listed is refused, so a
 * new dependency is a deliberate edit of this table (and of the README graph).
 */
const LAYERS = {
  // The shared toolbox (context, errors, ids, pagination, permissions, the module interface) and the
  // configuration: they import no module.
  common: ['config'],
  config: ['common'],
  // Infrastructure: no domain knowledge.
  limits: ['common', 'config'],
  mail: ['common', 'config'],
  web: ['common', 'config'],
  // Domain modules, lowest first.
  account: ['common', 'config', 'limits', 'mail', 'web'],
  idempotency: ['common', 'config', 'account'],
  company: ['common', 'config', 'account', 'idempotency'],
  invitation: ['common', 'config', 'limits', 'mail', 'web', 'account', 'idempotency', 'company'],
  contract: ['common', 'config', 'account', 'idempotency', 'company'],
  onboarding: ['common', 'config', 'limits', 'account', 'idempotency', 'company', 'contract'],
  messaging: ['common', 'config', 'account', 'idempotency', 'company', 'invitation'],
  audit: ['common', 'config', 'account', 'company'],
  insights: ['common', 'config', 'limits', 'account', 'company', 'contract', 'onboarding'],
};
const MODULES = Object.keys(LAYERS).filter((m) => m !== 'config');
const SRC = '^server/src/';
const folder = (m) => (m === 'config' ? `${SRC}config\\.ts$` : `${SRC}${m}/`);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Imports go one way: no file reaches itself again through its runtime imports (a cycle of `import type` alone is erased by the compiler).',
      from: { path: SRC },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'only-through-index',
      severity: 'error',
      comment: "A module is reached only through its index.ts (its public surface), never a file inside it. common is a toolbox of single files.",
      from: { path: `${SRC}([^/]+)/` },
      to: {
        path: `${SRC}(${MODULES.filter((m) => m !== 'common').join('|')})/.+`,
        pathNot: [`${SRC}$1/`, `${SRC}[^/]+/index\\.ts$`],
      },
    },
    ...Object.entries(LAYERS).map(([module, allowed]) => ({
      name: `${module}-direction`,
      severity: /** @type {const} */ ('error'),
      comment: `${module} may import only: ${allowed.join(', ') || 'nothing'} (see LAYERS).`,
      from: { path: folder(module) },
      to: {
        path: `${SRC}(${MODULES.join('|')}|config\\.ts$|db/|app\\.ts$|main\\.ts$|modules\\.ts$|schema\\.ts$)`,
        pathNot: [folder(module), ...allowed.map(folder)],
      },
    })),
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import resolves (a typo or a missing dependency).',
      from: {},
      // @apollo/server-gateway-interface ships types only (imported with `import type`).
      to: { couldNotResolve: true, pathNot: '^@apollo/server-gateway-interface$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '^dist/'] },
    // Type-only imports count too: `import type` across modules is a dependency of the design.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};

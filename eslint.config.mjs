// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'sdk/dist/', 'sdk/src/generated.ts', 'data/', 'coverage/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Metadata for decorators names constructors as `Function`.
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  {
    // An object literal with a getter or setter gets a V8 hidden class of its own each time it is made, which keeps
    // its closures (and the request they close over) alive until a full collection (server/src/common/gateway-context.ts).
    files: ['server/src/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ObjectExpression > Property[kind='get'], ObjectExpression > Property[kind='set']",
          message: 'No getters or setters in object literals on the server: use a class (see common/gateway-context.ts).',
        },
      ],
    },
  },
  {
    files: ['server/test/**', 'sdk/test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);

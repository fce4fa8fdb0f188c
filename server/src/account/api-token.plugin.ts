import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../common/context';
import { tokenScopeMissing } from './api-token.scope';

/**
 * Refuses, before any resolver runs, a mutation sent with a READ-only API token: FORBIDDEN (HTTP 403)
 * with `extensions.scope: "WRITE"`. Nothing has been changed.
 */
export const apiTokenScopePlugin: ApolloServerPlugin<Context> = {
  async requestDidStart({ contextValue }) {
    // Only a read-only token's requests have anything to refuse (the context is known before the request starts).
    if (!contextValue.apiToken || contextValue.apiToken.canWrite) return;
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'mutation') {
          throw tokenScopeMissing();
        }
      },
    };
  },
};

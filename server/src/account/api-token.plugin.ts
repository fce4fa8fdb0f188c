import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../common/context';
import { tokenScopeMissing } from './api-token.scope';

/**
 * Refuses, before any resolver runs, a mutation sent with a READ-only API token: FORBIDDEN (HTTP 403)
 * with `extensions.scope: "WRITE"`. Nothing has been changed.
 */
export const apiTokenScopePlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (operation?.operation === 'mutation' && contextValue.apiToken && !contextValue.apiToken.canWrite) {
          throw tokenScopeMissing();
        }
      },
    };
  },
};

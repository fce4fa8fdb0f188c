import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, NoSchemaIntrospectionCustomRule, validate } from 'graphql';
import type { Context } from './context';

/**
 * Introspection (`__schema`, `__type`) is for signed-in users in production, so an IDE can show
 * the schema to people who use the API without publishing it to everyone; outside production
 * anyone may introspect. `__typename` is always allowed.
 *
 * A plugin rather than a validation rule: rules cannot see who is asking. It runs after Apollo's
 * own validation, so it composes with the other rules (e.g. hidden field suggestions).
 */
export function introspectionForSignedInUsers(production: boolean): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      // Signed in: nothing to check, so no listener (Apollo calls each listener at every stage).
      if (!production || contextValue.viewer) return;
      return {
        async didResolveOperation({ document, schema }) {
          if (validate(schema, document, [NoSchemaIntrospectionCustomRule]).length === 0) return;
          throw new GraphQLError('Introspection needs a signed-in user: send Authorization: Bearer <token>', {
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
          });
        },
      };
    },
  };
}

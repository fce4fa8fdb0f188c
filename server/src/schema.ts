import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './account/auth';
import { applyInputHygiene } from './common/input-hygiene';
import { registerNodeFetchers } from './common/node.resolver';
import { onInvitationAccepted, onInvitationClosed } from './invitation/invitation.service';
import { modules, resolvers } from './modules';

let built: Promise<GraphQLSchema> | null = null;

/** The GraphQL schema from the modules' resolvers; built once per process. */
export function buildWorkroomSchema(): Promise<GraphQLSchema> {
  built ??= (async () => {
    for (const m of modules) {
      registerNodeFetchers(m.nodes);
      if (m.onInvitationAccepted) onInvitationAccepted(m.onInvitationAccepted);
      if (m.onInvitationClosed) onInvitationClosed(m.onInvitationClosed);
    }
    const schema = await buildSchema({
      resolvers,
      authChecker,
      // skipMissingProperties off: an explicit null must pass the validators too (optional fields say @IsOptional).
      validate: { forbidUnknownValues: false, skipMissingProperties: false },
    });
    return applyInputHygiene(schema);
  })();
  return built;
}

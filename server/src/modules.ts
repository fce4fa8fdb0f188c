import type { NonEmptyArray } from 'type-graphql';
import { accountModule } from './account';
import { auditModule } from './audit';
import type { NodeFetcher } from './common/node.resolver';
import { NodeResolver } from './common/node.resolver';
import { companyModule } from './company';
import { messagingModule } from './messaging';

/** What a domain module contributes to the app. A new module is one more line in `modules`. */
export interface WorkroomModule {
  entities: Function[];
  resolvers: Function[];
  /** How `node(id)` finds (and checks visibility of) each of the module's object types. */
  nodes: Record<string, NodeFetcher>;
}

export const modules: WorkroomModule[] = [accountModule, companyModule, auditModule, messagingModule];

export const entities = modules.flatMap((m) => m.entities);

export const resolvers = [NodeResolver, ...modules.flatMap((m) => m.resolvers)] as NonEmptyArray<Function>;

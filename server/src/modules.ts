import type { NonEmptyArray } from 'type-graphql';
import { accountModule } from './account';
import { auditModule } from './audit';
import type { Subscriber } from './common/events';
import type { NodeFetcher } from './common/node.resolver';
import { NodeResolver } from './common/node.resolver';
import { companyModule } from './company';
import { contractModule } from './contract';
import { onboardingModule } from './onboarding';
import { insightsModule } from './insights';
import { invitationModule } from './invitation';
import { mailModule } from './mail';
import { messagingModule } from './messaging';
import { idempotencyModule } from './idempotency';

/** What a domain module contributes to the app. A new module is one more line in `modules`. */
export interface WorkroomModule {
  entities: Function[];
  resolvers: Function[];
  /** How `node(id)` finds (and checks visibility of) each of the module's object types. */
  nodes: Record<string, NodeFetcher>;
  /** How the module reacts to domain events (common/events.ts): the audit log, thread access on invitation events. */
  subscribers?: Subscriber[];
}

export const modules: WorkroomModule[] = [
  accountModule,
  companyModule,
  auditModule,
  invitationModule,
  mailModule,
  contractModule,
  onboardingModule,
  messagingModule,
  idempotencyModule,
  insightsModule,
];

export const entities = modules.flatMap((m) => m.entities);

export const resolvers = [NodeResolver, ...modules.flatMap((m) => m.resolvers)] as NonEmptyArray<Function>;

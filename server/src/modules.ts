import type { NonEmptyArray } from 'type-graphql';
import { accountModule } from './account';
import { auditModule } from './audit';
import type { NodeFetcher } from './common/node.resolver';
import { NodeResolver } from './common/node.resolver';
import { companyModule } from './company';
import { contractModule } from './contract';
import { onboardingModule } from './onboarding';
import { insightsModule } from './insights';
import { invitationModule } from './invitation';
import { mailModule } from './mail';
import { messagingModule } from './messaging';
import type { InvitationAcceptedHook, InvitationClosedHook } from './invitation/invitation.service';
import { idempotencyModule } from './idempotency';

/** What a domain module contributes to the app. A new module is one more line in `modules`. */
export interface WorkroomModule {
  entities: Function[];
  resolvers: Function[];
  /** How `node(id)` finds (and checks visibility of) each of the module's object types. */
  nodes: Record<string, NodeFetcher>;
  /** Grants, inside acceptInvitation's transaction, what an invitation promised (e.g. thread access). */
  onInvitationAccepted?: InvitationAcceptedHook;
  /** Drops, inside the revoking (or expiring) transaction, what an invitation promised. */
  onInvitationClosed?: InvitationClosedHook;
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

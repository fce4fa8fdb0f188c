import type { NonEmptyArray } from 'type-graphql';
import { accountModule } from './account';
import { auditModule } from './audit';
import type { WorkroomModule } from './common/module';
import { NodeResolver } from './common/node.resolver';
import { companyModule } from './company';
import { contractModule } from './contract';
import { onboardingModule } from './onboarding';
import { insightsModule } from './insights';
import { invitationModule } from './invitation';
import { mailModule } from './mail';
import { messagingModule } from './messaging';
import { idempotencyModule } from './idempotency';

export type { WorkroomModule };

/** Every domain module, lowest first (README "Architecture"). */
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

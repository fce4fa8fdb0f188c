import { Args, ArgsType, Ctx, Field, FieldResolver, Resolver, Root } from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { requireViewer } from '../account/auth';
import { User } from '../account/user.entity';
import { userById } from '../account/user.loader';
import type { Context } from '../common/context';
import { loader } from '../common/loaders';
import { Node } from '../common/node';
import { findNode } from '../common/node.resolver';
import { Connection, ConnectionArgs, type Page } from '../common/pagination';
import { Company } from '../company/company.entity';
import { AuditEvent } from './audit-event.entity';
import { auditService } from './audit.service';

export const AuditEventConnection = Connection(AuditEvent);

@ArgsType()
class AuditLogArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Only events with this action, e.g. `member.role_change`.' })
  @IsOptional()
  @MaxLength(64)
  action?: string | null;
}

@Resolver(() => AuditEvent)
export class AuditEventResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Who did it; null if the account no longer exists.' })
  actor(@Root() event: AuditEvent, @Ctx() ctx: Context): Promise<User | null> | null {
    return event.actorId ? loader(ctx, userById).load(event.actorId) : null;
  }

  @FieldResolver(() => GraphQLJSONObject, {
    description:
      'Details of the change (changed fields, old and new roles…). A thread’s subject and an email are left out (and named in ' +
      '`redacted`) when you cannot see the object acted on.',
  })
  data(@Root() event: AuditEvent, @Ctx() ctx: Context): Promise<Record<string, unknown>> {
    return auditService.visibleData(ctx, event);
  }

  @FieldResolver(() => Node, { nullable: true, description: 'The object acted on, if it still exists and you may see it.' })
  async target(@Root() event: AuditEvent, @Ctx() ctx: Context): Promise<Node | null> {
    return findNode(ctx, event.targetNodeId).catch(() => null);
  }
}

@Resolver(() => Company)
export class CompanyAuditResolver {
  @FieldResolver(() => AuditEventConnection, {
    description: 'Every state change in this company, newest first. OWNER and FULL only.',
  })
  auditLog(@Root() company: Company, @Args() args: AuditLogArgs, @Ctx() ctx: Context): Promise<Page<AuditEvent>> {
    return auditService.companyLog(requireViewer(ctx), company.id, args, args.action ?? null);
  }
}

@Resolver(() => User)
export class UserAuditResolver {
  @FieldResolver(() => AuditEventConnection, {
    nullable: true,
    description:
      'Your account’s own events, newest first: sign-up, log-ins, password resets and changes, verification, sessions ended, ' +
      'profile and preference changes. Only on yourself; null on anyone else.',
  })
  accountLog(@Root() user: User, @Args() args: AuditLogArgs, @Ctx() ctx: Context): Promise<Page<AuditEvent>> | null {
    if (ctx.viewer?.id !== user.id) return null;
    return auditService.accountLog(requireViewer(ctx), args, args.action ?? null);
  }
}

import { Column, Entity, Index } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from '../common/node';
import { toGlobalId } from '../common/ids';

/** One state change: who did what to which object, and when (docs/domain.md "Cross-cutting rules"). Rows are never updated. */
@ObjectType({ implements: Node, description: 'A record of one state-changing mutation.' })
@Entity('audit_events')
@Index(['companyId', 'id'])
export class AuditEvent extends Node {
  /** Null for account-level events (sign-up, log-in) that belong to no company. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  companyId!: string | null;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  actorId!: string | null;

  @Field({ description: 'What happened, as `noun.verb`, e.g. `company.update`, `member.role_change`.' })
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 40 })
  targetType!: string;

  @Column({ type: 'varchar', length: 36 })
  targetId!: string;

  /** Shown through AuditEventResolver.data, which hides what the reader may not see. */
  @Column({ type: 'simple-json' })
  data!: Record<string, unknown>;

  @Field({ description: 'When it happened.' })
  get at(): Date {
    return this.createdAt;
  }

  @Field(() => ID, { description: 'Global id of the object acted on (it may since have been deleted).' })
  get targetNodeId(): string {
    return toGlobalId(this.targetType, this.targetId);
  }
}

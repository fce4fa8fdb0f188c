import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { User } from '../account';
import { Node } from '../common/node';
import { CompanyOwned } from '../company';
import { ThreadPermission } from '../common/permissions';
import { MessageThread } from './message-thread.entity';

/** A coworker in a thread and what they may do there. One per (thread, user), by constraint. */
@ObjectType({ implements: Node, description: 'A coworker in a message thread, with their permission there.' })
@Entity('thread_participants')
@Index(['threadId', 'userId'], { unique: true })
@Index(['companyId', 'id'])
export class ThreadParticipant extends CompanyOwned {
  @Column({ type: 'varchar', length: 36 })
  threadId!: string;

  @ManyToOne(() => MessageThread, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'threadId' })
  thread?: MessageThread;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: User;

  @Field(() => ThreadPermission)
  @Column({ type: 'varchar', length: 10 })
  permission!: ThreadPermission;

  /** Who added them; null for the thread's starter (or if that account no longer exists). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  addedById!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'addedById' })
  addedBy?: User | null;
}

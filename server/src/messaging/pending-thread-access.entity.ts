import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { User } from '../account/user.entity';
import { Node } from '../common/node';
import { ThreadPermission } from '../common/permissions';
import { MessageThread } from './message-thread.entity';

/**
 * Thread access promised to an email with no account yet (seed 002 step 4): when that person
 * joins the company, a subscriber of `invitation.accepted` turns the row into a ThreadParticipant.
 */
@ObjectType({
  implements: Node,
  description: 'Access to a thread waiting for someone without an account to join the company.',
})
@Entity('pending_thread_access')
@Index(['threadId', 'emailKey'], { unique: true })
@Index(['companyId', 'emailKey'])
export class PendingThreadAccess extends Node {
  @Column({ type: 'varchar', length: 36 })
  companyId!: string;

  @Column({ type: 'varchar', length: 36 })
  threadId!: string;

  @ManyToOne(() => MessageThread, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'threadId' })
  thread?: MessageThread;

  @Field({ description: 'As typed by the coworker who added them.' })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  /** Lower-cased email, matched against the account that accepts the invitation. */
  @Column({ type: 'varchar', length: 254 })
  emailKey!: string;

  @Field(() => ThreadPermission, { description: 'What they will be able to do once they join.' })
  @Column({ type: 'varchar', length: 10 })
  permission!: ThreadPermission;

  @Column({ type: 'varchar', length: 36, nullable: true })
  addedById!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'addedById' })
  addedBy?: User | null;
}

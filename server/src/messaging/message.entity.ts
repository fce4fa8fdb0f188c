import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { User } from '../account';
import { Node } from '../common/node';
import { CompanyOwned } from '../company';
import { MessageThread } from './message-thread.entity';

/** One message in a thread. Messages are never edited; posting is not audited (it is the thread itself). */
@ObjectType({ implements: Node, description: 'One message in a thread, by a coworker or the freelancer.' })
@Entity('messages')
@Index(['threadId', 'id'])
@Index(['companyId', 'id'])
export class Message extends CompanyOwned {
  @Column({ type: 'varchar', length: 36 })
  threadId!: string;

  @ManyToOne(() => MessageThread, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'threadId' })
  thread?: MessageThread;

  /** Null if the author's account no longer exists. */
  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  authorId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'authorId' })
  author?: User | null;

  @Field({ description: '1–10,000 characters.' })
  @Column({ type: 'text' })
  body!: string;
}

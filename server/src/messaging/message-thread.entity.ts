import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { User } from '../account';
import { Node } from '../common/node';
import { CompanyOwned } from '../company';

/**
 * A conversation between a company's coworkers and one freelancer (docs/domain.md "Message threads"). The freelancer is
 * `freelancerId`, always in the thread; coworkers are ThreadParticipant rows.
 */
@ObjectType({ implements: Node, description: 'A conversation between coworkers of a company and one freelancer.' })
@Entity('message_threads')
@Index(['companyId', 'id'])
export class MessageThread extends CompanyOwned {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  freelancerId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'freelancerId' })
  freelancer?: User;

  /** Who started the thread (its first MANAGE holder); null if the account no longer exists. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  startedById!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'startedById' })
  startedBy?: User | null;

  @Field({ description: '1–200 characters.' })
  @Column({ type: 'varchar', length: 200 })
  subject!: string;

  @Field({ description: 'When the latest message was posted.' })
  @Column({ type: Date })
  lastMessageAt!: Date;
}

import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../common/node';
import { User } from './user.entity';

/** What an API token may do inside its company. */
export enum ApiTokenScope {
  READ = 'READ',
  WRITE = 'WRITE',
}
registerEnumType(ApiTokenScope, {
  name: 'ApiTokenScope',
  description: 'What an API token may do inside its one company, never more than its creator’s current role.',
  valuesConfig: {
    READ: { description: 'Queries only: any mutation answers FORBIDDEN with `extensions.scope: "WRITE"`.' },
    WRITE: { description: 'Queries and mutations.' },
  },
});

/**
 * A token an app sends as `Authorization: Bearer wrapp_…`: it acts as its creator, limited to one
 * company and to its scopes. Only its hash is stored; the secret is shown once.
 */
@ObjectType({ implements: Node, description: 'A token for an app, limited to one company and its scopes.' })
@Entity('api_tokens')
export class ApiToken extends Node {
  /**
   * The one company it reaches. account imports no company module, so the relation names the entity
   * by name: the row goes with its company (a real foreign key, ON DELETE CASCADE).
   */
  @Column({ type: 'varchar', length: 36 })
  companyId!: string;

  @ManyToOne('Company', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'companyId' })
  company?: { id: string };

  @Index()
  @Column({ type: 'varchar', length: 36 })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: User;

  @Field({ description: 'What you called it, e.g. the app that uses it.' })
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** Comma-separated ApiTokenScope values, e.g. `READ,WRITE`. */
  @Column({ type: 'varchar', length: 40 })
  scopeList!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash!: string;

  @Field(() => Date, { nullable: true, description: 'When it stops working; null: until revoked.' })
  @Column({ type: Date, nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Roughly (to the minute) when an app last used it.' })
  @Column({ type: Date, nullable: true })
  lastUsedAt!: Date | null;

  @Column({ type: Date, nullable: true })
  revokedAt!: Date | null;

  @Field(() => [ApiTokenScope])
  get scopes(): ApiTokenScope[] {
    return this.scopeList.split(',').filter((s): s is ApiTokenScope => s === ApiTokenScope.READ || s === ApiTokenScope.WRITE);
  }

  /** True when the token may run mutations. */
  get canWrite(): boolean {
    return this.scopes.includes(ApiTokenScope.WRITE);
  }
}

import { Column, Entity } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../common/node';

@ObjectType({ implements: Node, description: 'A person with a Workroom account: a client, a freelancer, or both.' })
@Entity('users')
export class User extends Node {
  @Field()
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Field({ description: 'As the user typed it; unique regardless of case.' })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  /** Lower-cased email: the unique key that makes emails case-insensitive. */
  @Column({ type: 'varchar', length: 254, unique: true })
  emailKey!: string;

  /** scrypt hash with its parameters and salt; never leaves the server. */
  @Column({ type: 'varchar', length: 200 })
  passwordHash!: string;
}

export const emailKey = (email: string): string => email.trim().toLowerCase();

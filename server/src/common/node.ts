import { CreateDateColumn, PrimaryColumn } from 'typeorm';
import { Field, ID, InterfaceType } from 'type-graphql';
import { newId, toGlobalId } from './ids';

/**
 * Every object type implements Node (README "How the API behaves"): a global opaque `id`, and `node(id)` finds it.
 * It is also the base of every entity: a UUIDv7 primary key and a creation time.
 * The GraphQL type name is the class name.
 */
@InterfaceType({ description: 'An object with a globally unique, opaque id.' })
export abstract class Node {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string = newId();

  @Field(() => ID, { name: 'id', description: 'Globally unique opaque id; pass it to `node(id:)`.' })
  get nodeId(): string {
    return toGlobalId(this.constructor.name, this.id);
  }

  /** Set here rather than by the database default, which on SQLite keeps only whole seconds. */
  @CreateDateColumn()
  @Field()
  createdAt: Date = new Date();
}

import { Column, Entity } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../common/node';

/** A client company, with the contact details its owners and admins keep up to date. */
@ObjectType({ implements: Node, description: 'A client company: its members, teams, contracts and threads.' })
@Entity('companies')
export class Company extends Node {
  @Field()
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Field(() => String, { nullable: true, description: 'A short description shown to freelancers.' })
  @Column({ type: 'varchar', length: 2000, nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  website!: string | null;

  @Field(() => String, { nullable: true, description: 'Who freelancers and Workroom staff should contact.' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  contactName!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 254, nullable: true })
  contactEmail!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 30, nullable: true })
  phone!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  addressLine1!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  addressLine2!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  city!: string | null;

  @Field(() => String, { nullable: true, description: 'State, province or region.' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  region!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 20, nullable: true })
  postalCode!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code, e.g. "US".' })
  @Column({ type: 'varchar', length: 2, nullable: true })
  country!: string | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. "Europe/Berlin".' })
  @Column({ type: 'varchar', length: 64, nullable: true })
  timezone!: string | null;
}

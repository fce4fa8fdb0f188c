import { Column, Entity, Index } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../common/node';
import { CompanyOwned } from './company-owned';

@ObjectType({ implements: Node, description: 'A group of members inside a company.' })
@Entity('teams')
@Index(['companyId', 'nameKey'], { unique: true })
export class Team extends CompanyOwned {
  @Field()
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** Lower-cased name: team names are unique per company regardless of case. */
  @Column({ type: 'varchar', length: 100 })
  nameKey!: string;
}

import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../common/node';
import { Company } from './company.entity';

@ObjectType({ implements: Node, description: 'A group of members inside a company.' })
@Entity('teams')
@Index(['companyId', 'nameKey'], { unique: true })
export class Team extends Node {
  @Column({ type: 'varchar', length: 36 })
  companyId!: string;

  @ManyToOne(() => Company, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'companyId' })
  company?: Company;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** Lower-cased name: team names are unique per company regardless of case. */
  @Column({ type: 'varchar', length: 100 })
  nameKey!: string;
}

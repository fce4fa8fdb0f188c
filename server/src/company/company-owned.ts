import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { Node } from '../common/node';
import { Company } from './company.entity';

/**
 * Base of the rows a company owns: each carries its `companyId`, deleted with the
 * company, and every query of company data filters on it.
 */
export abstract class CompanyOwned extends Node {
  @Column({ type: 'varchar', length: 36 })
  companyId!: string;

  @ManyToOne(() => Company, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'companyId' })
  company?: Company;
}

import { byColumn } from '../common/loaders';
import { Contract } from './contract.entity';

export const contractById = byColumn(Contract);

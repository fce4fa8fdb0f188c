import type { WorkroomModule } from '../modules';
import { findVisibleContract } from './contract.access';
import { Contract } from './contract.entity';
import { CompanyContractsResolver, ContractResolver, UserContractsResolver, WorkLogResolver } from './contract.resolver';
import { contractService } from './contract.service';
import { WorkLog } from './work-log.entity';

export { Contract, ContractStatus } from './contract.entity';
export { WorkLog };
export { TRANSITIONS } from './contract.state';

export const contractModule: WorkroomModule = {
  entities: [Contract, WorkLog],
  resolvers: [ContractResolver, WorkLogResolver, UserContractsResolver, CompanyContractsResolver],
  nodes: {
    Contract: findVisibleContract,
    WorkLog: (ctx, id) => contractService.findVisibleWorkLog(ctx, id),
  },
};

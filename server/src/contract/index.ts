import type { WorkroomModule } from '../common/module';
import { findVisibleContract } from './contract.access';
import { Contract } from './contract.entity';
import { CompanyContractsResolver, ContractResolver, UserContractsResolver, WorkLogResolver } from './contract.resolver';
import { onAccountClosing } from '../account';
import { contractService, refuseCloseWithOpenContracts } from './contract.service';
import { contractLinks } from './contract.visibility';
import { WorkLog } from './work-log.entity';

export { Contract, ContractStatus } from './contract.entity';
export { WorkLog };
export { TRANSITIONS, registerContractGuard, type ContractGuard } from './contract.state';
export { findVisibleContract, partyOf, requireContractRole } from './contract.access';
export { contractById } from './contract.loader';
export { CreateContractInput } from './contract.input';
export { onContractCreated, type ContractCreatedHook } from './contract.service';

export const contractModule: WorkroomModule = {
  entities: [Contract, WorkLog],
  resolvers: [ContractResolver, WorkLogResolver, UserContractsResolver, CompanyContractsResolver],
  nodes: {
    Contract: findVisibleContract,
    WorkLog: (ctx, id) => contractService.findVisibleWorkLog(ctx, id),
  },
  userLinks: (ctx, userId) => contractLinks(ctx.db.manager, ctx.viewer.id, userId),
  extend: () => onAccountClosing(refuseCloseWithOpenContracts),
};

import { Args, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { User } from '../account';
import type { AuthedContext } from '../common/context';
import { CurrentViewer } from '../common/current-viewer';
import { ConnectionArgs, type Page } from '../common/pagination';
import type { Company } from './company.entity';
import { connectionColumns, connectionCounts } from '../common/selection';
import { COMPANY_COLUMNS, CompanyConnection } from './company.resolver';
import { companyService } from './company.service';

@Resolver(() => User)
export class UserCompaniesResolver {
  @FieldResolver(() => CompanyConnection, {
    description: 'On `viewer`: every company you belong to. On a coworker: the companies you share.',
  })
  companies(
    @CurrentViewer() ctx: AuthedContext,
    @Root() user: User,
    @Args() args: ConnectionArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<Company>> {
    return companyService.companiesOf(ctx, user, args, connectionColumns(info, COMPANY_COLUMNS), connectionCounts(info));
  }
}

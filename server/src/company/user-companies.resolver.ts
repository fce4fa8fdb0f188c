import { Args, FieldResolver, Resolver, Root } from 'type-graphql';
import { User } from '../account';
import type { AuthedContext } from '../common/context';
import { CurrentViewer } from '../common/current-viewer';
import { ConnectionArgs, type Page } from '../common/pagination';
import type { Company } from './company.entity';
import { CompanyConnection } from './company.resolver';
import { companyService } from './company.service';

@Resolver(() => User)
export class UserCompaniesResolver {
  @FieldResolver(() => CompanyConnection, {
    description: 'On `viewer`: every company you belong to. On a coworker: the companies you share.',
  })
  companies(@CurrentViewer() ctx: AuthedContext, @Root() user: User, @Args() args: ConnectionArgs): Promise<Page<Company>> {
    return companyService.companiesOf(ctx, user, args);
  }
}

import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { requireViewer, User } from '../account';
import type { Context } from '../common/context';
import { ConnectionArgs, type Page } from '../common/pagination';
import type { Company } from './company.entity';
import { CompanyConnection } from './company.resolver';
import { companyService } from './company.service';

@Resolver(() => User)
export class UserCompaniesResolver {
  @FieldResolver(() => CompanyConnection, {
    description: 'On `viewer`: every company you belong to. On a coworker: the companies you share.',
  })
  companies(@Root() user: User, @Args() args: ConnectionArgs, @Ctx() ctx: Context): Promise<Page<Company>> {
    return companyService.companiesOf(requireViewer(ctx), user, args);
  }
}

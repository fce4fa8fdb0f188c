import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ApiToken } from '../account';
import type { Context } from '../common/context';
import { Company } from './company.entity';
import { companyService } from './company.service';

/** `ApiToken.company`: account knows no companies, so the company module answers it. */
@Resolver(() => ApiToken)
export class ApiTokenCompanyResolver {
  @FieldResolver(() => Company, { nullable: true, description: 'The one company it reaches; null once you are no longer a member.' })
  company(@Root() token: ApiToken, @Ctx() ctx: Context): Promise<Company | null> {
    return companyService.findVisible(ctx, token.companyId);
  }
}

import type { WorkroomModule } from '../common/module';
import { CompanyInsightsResolver, InsightsResolver } from './insights.resolver';

export { exportRoutes } from './export.routes';
export { insightsService } from './insights.service';
export { exportService } from './export.service';

/** Company.insights (onboarding figures computed in SQL) and the CSV exports linked from Company.exportUrls. */
export const insightsModule: WorkroomModule = {
  entities: [],
  resolvers: [CompanyInsightsResolver, InsightsResolver],
  nodes: {},
};

/** The dashboard plan a bundle's dashboard.json was built from, for previews (plain data). */
import type { Bundle } from '../../bundle.ts';
import { FILES } from '../../conventions.ts';
import type { DashboardPlan } from './plan.ts';

export function dashboardPlanOf(bundle: Pick<Bundle, 'artifacts'>): DashboardPlan | undefined {
  return bundle.artifacts.find((a) => a.file === FILES.dashboard)?.dashboardPlan;
}

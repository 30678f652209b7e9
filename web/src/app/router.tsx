import { createBrowserRouter, type RouteObject } from 'react-router';
import { PageLoader } from '../components/page-loader';
import { IndexRoute } from './index.route';
import { NotFoundRoute } from './not-found.route';

/** Each page is its own chunk: the sign-in page loads none of the others. */
export const routes: RouteObject[] = [
  {
    path: '/sign-in',
    HydrateFallback: PageLoader,
    lazy: async () => ({ Component: (await import('../features/auth/routes/sign-in.route')).SignInRoute }),
  },
  {
    HydrateFallback: PageLoader,
    lazy: async () => ({ Component: (await import('./app-layout')).AppLayout }),
    children: [
      { index: true, Component: IndexRoute },
      {
        path: 'opportunities',
        lazy: async () => ({
          Component: (await import('../features/opportunities/routes/opportunities.route'))
            .OpportunitiesRoute,
        }),
      },
      {
        path: 'opportunities/:id',
        lazy: async () => ({
          Component: (await import('../features/opportunities/routes/opportunity.route')).OpportunityRoute,
        }),
      },
      {
        path: 'offers',
        lazy: async () => ({
          Component: (await import('../features/offers/routes/offers.route')).OffersRoute,
        }),
      },
      {
        path: 'profile',
        lazy: async () => ({
          Component: (await import('../features/profile/routes/profile.route')).ProfileRoute,
        }),
      },
      {
        path: 'competences',
        lazy: async () => ({
          Component: (await import('../features/competences/routes/competences.route')).CompetencesRoute,
        }),
      },
      {
        path: 'future-roles',
        lazy: async () => ({
          Component: (await import('../features/roles/routes/future-roles.route')).FutureRolesRoute,
        }),
      },
      {
        path: 'rounds',
        lazy: async () => ({
          Component: (await import('../features/rounds/routes/rounds.route')).RoundsRoute,
        }),
      },
      {
        path: 'rounds/:id',
        lazy: async () => ({ Component: (await import('../features/rounds/routes/round.route')).RoundRoute }),
      },
      {
        path: 'supervise',
        lazy: async () => ({
          Component: (await import('../features/supervision/routes/my-opportunities.route'))
            .MyOpportunitiesRoute,
        }),
      },
      {
        path: 'supervise/new',
        lazy: async () => ({
          Component: (await import('../features/supervision/routes/opportunity-editor.route'))
            .NewOpportunityRoute,
        }),
      },
      {
        path: 'supervise/:id/edit',
        lazy: async () => ({
          Component: (await import('../features/supervision/routes/opportunity-editor.route'))
            .EditOpportunityRoute,
        }),
      },
      {
        path: 'supervise/:id/applicants',
        lazy: async () => ({
          Component: (await import('../features/supervision/routes/applicants.route')).ApplicantsRoute,
        }),
      },
      {
        path: 'co-supervision',
        lazy: async () => ({
          Component: (await import('../features/supervision/routes/co-supervision.route')).CoSupervisionRoute,
        }),
      },
      {
        path: 'account',
        lazy: async () => ({
          Component: (await import('../features/account/routes/account.route')).AccountRoute,
        }),
      },
      { path: '*', Component: NotFoundRoute },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}

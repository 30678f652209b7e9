import type { ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { PageLoader } from '../components/page-loader';
import { IndexRoute } from './index.route';
import { NotFoundRoute } from './not-found.route';
import { PageNotLoaded, RouteError, isLoadFailure } from './route-error';

type Lazy = () => Promise<{ Component: ComponentType }>;

/** A page's chunk that cannot be fetched (offline) becomes a page saying so, with a way to retry. */
function loadPage(load: Lazy): Lazy {
  return async () => {
    try {
      return await load();
    } catch (error) {
      if (isLoadFailure(error)) return { Component: PageNotLoaded };
      throw error;
    }
  };
}

/** Each page is its own chunk: the sign-in page loads none of the others. */
export const routes: RouteObject[] = [
  {
    path: '/sign-in',
    HydrateFallback: PageLoader,
    lazy: loadPage(async () => ({
      Component: (await import('../features/auth/routes/sign-in.route')).SignInRoute,
    })),
  },
  {
    HydrateFallback: PageLoader,
    lazy: loadPage(async () => ({ Component: (await import('./app-layout')).AppLayout })),
    children: [
      { index: true, Component: IndexRoute },
      {
        path: 'opportunities',
        lazy: loadPage(async () => ({
          Component: (await import('../features/opportunities/routes/opportunities.route'))
            .OpportunitiesRoute,
        })),
      },
      {
        path: 'opportunities/:id',
        lazy: loadPage(async () => ({
          Component: (await import('../features/opportunities/routes/opportunity.route')).OpportunityRoute,
        })),
      },
      {
        path: 'offers',
        lazy: loadPage(async () => ({
          Component: (await import('../features/offers/routes/offers.route')).OffersRoute,
        })),
      },
      {
        path: 'profile',
        lazy: loadPage(async () => ({
          Component: (await import('../features/profile/routes/profile.route')).ProfileRoute,
        })),
      },
      {
        path: 'competences',
        lazy: loadPage(async () => ({
          Component: (await import('../features/competences/routes/competences.route')).CompetencesRoute,
        })),
      },
      {
        path: 'future-roles',
        lazy: loadPage(async () => ({
          Component: (await import('../features/roles/routes/future-roles.route')).FutureRolesRoute,
        })),
      },
      {
        path: 'rounds',
        lazy: loadPage(async () => ({
          Component: (await import('../features/rounds/routes/rounds.route')).RoundsRoute,
        })),
      },
      {
        path: 'rounds/:id',
        lazy: loadPage(async () => ({
          Component: (await import('../features/rounds/routes/round.route')).RoundRoute,
        })),
      },
      {
        path: 'supervise',
        lazy: loadPage(async () => ({
          Component: (await import('../features/supervision/routes/my-opportunities.route'))
            .MyOpportunitiesRoute,
        })),
      },
      {
        path: 'supervise/new',
        lazy: loadPage(async () => ({
          Component: (await import('../features/supervision/routes/opportunity-editor.route'))
            .NewOpportunityRoute,
        })),
      },
      {
        path: 'supervise/:id/edit',
        lazy: loadPage(async () => ({
          Component: (await import('../features/supervision/routes/opportunity-editor.route'))
            .EditOpportunityRoute,
        })),
      },
      {
        path: 'supervise/:id/applicants',
        lazy: loadPage(async () => ({
          Component: (await import('../features/supervision/routes/applicants.route')).ApplicantsRoute,
        })),
      },
      {
        path: 'co-supervision',
        lazy: loadPage(async () => ({
          Component: (await import('../features/supervision/routes/co-supervision.route')).CoSupervisionRoute,
        })),
      },
      {
        path: 'privacy',
        lazy: loadPage(async () => ({
          Component: (await import('../features/privacy/routes/privacy.route')).PrivacyRoute,
        })),
      },
      {
        path: 'account',
        lazy: loadPage(async () => ({
          Component: (await import('../features/account/routes/account.route')).AccountRoute,
        })),
      },
      { path: '*', Component: NotFoundRoute },
    ],
  },
];

/** Every page fails on its own: the layout (menu, language, banner) stays around the error. */
function withErrorBoundaries(list: RouteObject[]): RouteObject[] {
  return list.map((route): RouteObject =>
    route.index
      ? { ...route, ErrorBoundary: RouteError }
      : {
          ...route,
          ErrorBoundary: RouteError,
          children: route.children && withErrorBoundaries(route.children),
        },
  );
}

export function createRouter() {
  return createBrowserRouter(withErrorBoundaries(routes));
}

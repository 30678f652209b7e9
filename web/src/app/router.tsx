import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { hasRole } from '../components/use-session';
import { getSession } from '../lib/session';
import { NotFoundRoute } from './not-found.route';

/** Each page is its own chunk: the sign-in page loads none of the others. */
export const routes: RouteObject[] = [
  {
    path: '/sign-in',
    lazy: async () => ({ Component: (await import('../features/auth/routes/sign-in.route')).SignInRoute }),
  },
  {
    lazy: async () => ({ Component: (await import('./app-layout')).AppLayout }),
    children: [
      {
        index: true,
        lazy: async () => {
          const session = getSession();
          if (session && !hasRole(session, 'CANDIDATE') && hasRole(session, 'SUPERVISOR'))
            return { element: <Navigate to="/supervise" replace /> };
          return { Component: (await import('../features/home/routes/home.route')).HomeRoute };
        },
      },
      { path: '*', Component: NotFoundRoute },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}

import { lazy } from 'react';
import { Navigate } from 'react-router';
import { hasRole, useSession } from '../components/use-session';

const HomeRoute = lazy(async () => ({
  default: (await import('../features/home/routes/home.route')).HomeRoute,
}));

/** The start page: a candidate's home; a supervisor who is no candidate starts at their opportunities. */
export function IndexRoute() {
  const session = useSession();
  if (!hasRole(session, 'CANDIDATE') && hasRole(session, 'SUPERVISOR'))
    return <Navigate to="/supervise" replace />;
  return <HomeRoute />;
}

import { Burger, Button, Group, NavLink, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink as RouterNavLink, Navigate, Outlet, useLocation, useNavigation } from 'react-router';
import { ConnectionBanner } from '../components/connection-banner';
import { LanguageSwitch } from '../components/language-switch';
import { PageLoader } from '../components/page-loader';
import { hasRole, useSession } from '../components/use-session';
import { signOut } from '../features/auth/api/session-api';
import classes from './app-layout.module.css';

interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

/** The signed-in frame: header (name, language, sign out), navigation by role, the page. */
export function AppLayout() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const navigation = useNavigation();
  const [opened, { toggle, close }] = useDisclosure(false);

  useEffect(() => {
    close();
    // After navigating, move focus to the new page's heading (screen readers announce it).
    const heading = document.getElementById('page-title');
    heading?.focus({ preventScroll: true });
  }, [location.pathname, close]);

  if (!session) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }

  const candidate: NavItem[] = hasRole(session, 'CANDIDATE')
    ? [
        { to: '/', label: t('nav.home'), end: true },
        { to: '/opportunities', label: t('nav.opportunities') },
        { to: '/rounds', label: t('nav.rounds') },
        { to: '/offers', label: t('nav.offers') },
        { to: '/profile', label: t('nav.profile') },
        { to: '/competences', label: t('nav.competences') },
        { to: '/future-roles', label: t('nav.futureRoles') },
      ]
    : [];
  const supervisor: NavItem[] = hasRole(session, 'SUPERVISOR')
    ? [
        { to: '/supervise', label: t('nav.myOpportunities') },
        { to: '/co-supervision', label: t('nav.coSupervision') },
      ]
    : [];

  const renderItems = (items: NavItem[]) =>
    items.map((item) => (
      <NavLink
        key={item.to}
        component={RouterNavLink}
        to={item.to}
        end={item.end}
        label={item.label}
        className={classes.navLink}
      />
    ));

  return (
    <div className={classes.shell}>
      <a href="#main" className={classes.skipLink}>
        {t('nav.skipToContent')}
      </a>
      <header className={classes.header}>
        <Group gap="sm" wrap="nowrap">
          <Burger
            opened={opened}
            onClick={toggle}
            className={classes.burger}
            size="sm"
            aria-controls="app-navigation"
            aria-expanded={opened}
            aria-label={opened ? t('nav.closeMenu') : t('nav.openMenu')}
          />
          <Text component={Link} to="/" fw={700} className={classes.brand}>
            {t('app.name')}
          </Text>
        </Group>
        <Group gap="sm" wrap="nowrap">
          <LanguageSwitch />
          <Button variant="default" size="xs" onClick={() => void signOut()}>
            {t('auth.signOut')}
          </Button>
        </Group>
      </header>
      <div className={classes.body}>
        <nav
          id="app-navigation"
          aria-label={t('nav.label')}
          className={classes.navbar}
          data-opened={opened || undefined}
        >
          <div className={classes.who}>
            <Text size="sm" fw={600}>
              {session.user.displayName}
            </Text>
            <Text size="xs" className={classes.muted}>
              {session.user.organisationName}
            </Text>
          </div>
          {candidate.length > 0 && (
            <>
              <VisuallyHidden component="h2">{t('nav.candidate')}</VisuallyHidden>
              {renderItems(candidate)}
            </>
          )}
          {supervisor.length > 0 && (
            <>
              <Text size="xs" fw={700} mt="md" mb={4} tt="uppercase" component="h2" className={classes.muted}>
                {t('nav.supervisor')}
              </Text>
              {renderItems(supervisor)}
            </>
          )}
          <NavLink
            component={RouterNavLink}
            to="/privacy"
            label={t('nav.privacy')}
            className={classes.navLink}
          />
          <NavLink
            component={RouterNavLink}
            to="/account"
            label={t('nav.account')}
            className={classes.navLink}
          />
        </nav>
        <main id="main" className={classes.main} aria-busy={navigation.state === 'loading'}>
          <ConnectionBanner />
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}

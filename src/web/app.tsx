import type { AnyComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorBoundary, LocationProvider, Route, Router, lazy, useLocation } from 'preact-iso';
import type { Permission } from '../core/access/catalogue.ts';
import { onAuthProblem } from './api/client.ts';
import { I18nProvider, useT } from './i18n/context.tsx';
import { currentLocale, loadFeatures, type Feature, type Locale } from './i18n/i18n.ts';
import { mustEnrolTwoFactor, SessionProvider, useSession } from './session/session.tsx';
import { Layout } from './shell/layout.tsx';
import { LoadError, Loading, Page, Redirect } from './ui/page.tsx';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- route screens take their own props
type Screen = AnyComponent<any>;

function LoadFailed() {
  const t = useT();
  return (
    <Page title={t('common.loadFailed.title')}>
      <p>{t('common.loadFailed.body')}</p>
      <button type="button" class="button primary" onClick={() => location.reload()}>
        {t('common.loadFailed.reload')}
      </button>
    </Page>
  );
}

/** A screen in its own chunk, shown once its code and its message catalogues have arrived. */
function screen(load: () => Promise<Screen>, features: Feature[]): Screen {
  return lazy(() =>
    Promise.all([load(), loadFeatures(['common', ...features], currentLocale())]).then(
      ([component]) => component,
      () => LoadFailed,
    ),
  );
}

const Login = screen(() => import('./auth/login.tsx').then((m) => m.Login), ['login']);
const Setup = screen(() => import('./auth/setup.tsx').then((m) => m.Setup), ['setup', 'orgTypes']);
const PasswordReset = screen(
  () => import('./auth/password-reset.tsx').then((m) => m.PasswordReset),
  ['passwordReset'],
);
const TwoFactorEnrolment = screen(
  () => import('./auth/two-factor.tsx').then((m) => m.TwoFactorEnrolment),
  ['twoFactor'],
);
const Home = screen(() => import('./home/home.tsx').then((m) => m.Home), ['home']);
const Profile = screen(
  () => import('./profile/profile.tsx').then((m) => m.Profile),
  ['profile', 'access', 'twoFactor'],
);
const UsersList = screen(() => import('./admin/users/list.tsx').then((m) => m.UsersList), ['users']);
const UserCreate = screen(() => import('./admin/users/create.tsx').then((m) => m.UserCreate), ['users']);
const UserDetail = screen(() => import('./admin/users/detail.tsx').then((m) => m.UserDetail), ['users']);
const TeamsList = screen(() => import('./admin/teams/list.tsx').then((m) => m.TeamsList), ['teams']);
const TeamEdit = screen(() => import('./admin/teams/edit.tsx').then((m) => m.TeamEdit), ['teams']);
const RolesList = screen(
  () => import('./admin/roles/list.tsx').then((m) => m.RolesList),
  ['roles', 'access'],
);
const RoleEdit = screen(() => import('./admin/roles/edit.tsx').then((m) => m.RoleEdit), ['roles', 'access']);
const AgenciesList = screen(
  () => import('./admin/agencies/list.tsx').then((m) => m.AgenciesList),
  ['agencies', 'orgTypes'],
);
const AgencyEdit = screen(
  () => import('./admin/agencies/edit.tsx').then((m) => m.AgencyEdit),
  ['agencies', 'orgTypes'],
);
const ProgrammesList = screen(
  () => import('./admin/programmes/list.tsx').then((m) => m.ProgrammesList),
  ['programmes'],
);
const ProgrammeEdit = screen(
  () => import('./admin/programmes/edit.tsx').then((m) => m.ProgrammeEdit),
  ['programmes'],
);
const DueRules = screen(
  () => import('./settings/due-rules.tsx').then((m) => m.DueRulesScreen),
  ['settings', 'cases'],
);
const ReferenceLists = screen(
  () => import('./settings/reference-lists.tsx').then((m) => m.ReferenceListsScreen),
  ['settings'],
);
const AuditBrowser = screen(() => import('./audit/audit.tsx').then((m) => m.AuditBrowser), ['audit']);
const ProviderDirectory = screen(
  () => import('./services/directory.tsx').then((m) => m.ProviderDirectory),
  ['services', 'orgTypes'],
);
const ProviderEdit = screen(
  () => import('./services/directory.tsx').then((m) => m.ProviderEdit),
  ['services', 'orgTypes'],
);
// Persons, cases and my work: one loader here, each screen still in its own chunk (src/web/cases/screens.tsx).
const CaseWork = screen(
  () => import('./cases/screens.tsx').then((m) => m.CaseWorkScreen),
  ['persons', 'cases', 'access'],
);
const caseWork = (name: string): Screen =>
  function CaseWorkRoute(props: Record<string, unknown>) {
    return <CaseWork {...props} screen={name} />;
  };
// Duplicate review and family tracing: one loader, each screen in its own chunk (src/web/linkage/screens.tsx).
const Linkage = screen(
  () => import('./linkage/screens.tsx').then((m) => m.LinkageScreen),
  ['linkage', 'persons', 'access'],
);
const linkage = (name: string): Screen =>
  function LinkageRoute(props: Record<string, unknown>) {
    return <Linkage {...props} screen={name} />;
  };

/**
 * Who may open a route: anyone (`public`), a signed-in person who still has to enrol two-factor login
 * (`enrolment`), a fully signed-in person (`signed-in`), or one holding a permission.
 */
type Access = 'public' | 'enrolment' | 'signed-in' | Permission;

const ROUTES: { path: string; screen: Screen; access: Access }[] = [
  { path: '/login', screen: Login, access: 'public' },
  { path: '/setup', screen: Setup, access: 'public' },
  { path: '/password-reset', screen: PasswordReset, access: 'public' },
  { path: '/two-factor', screen: TwoFactorEnrolment, access: 'enrolment' },
  { path: '/', screen: Home, access: 'signed-in' },
  { path: '/profile', screen: Profile, access: 'signed-in' },
  { path: '/admin/users', screen: UsersList, access: 'user:read' },
  { path: '/admin/users/new', screen: UserCreate, access: 'user:create' },
  { path: '/admin/users/:id', screen: UserDetail, access: 'user:read' },
  { path: '/admin/teams', screen: TeamsList, access: 'team:read' },
  { path: '/admin/teams/new', screen: TeamEdit, access: 'team:manage' },
  { path: '/admin/teams/:id', screen: TeamEdit, access: 'team:read' },
  { path: '/admin/roles', screen: RolesList, access: 'role:read' },
  { path: '/admin/roles/new', screen: RoleEdit, access: 'role:manage' },
  { path: '/admin/roles/:id', screen: RoleEdit, access: 'role:read' },
  { path: '/admin/agencies', screen: AgenciesList, access: 'agency:read' },
  { path: '/admin/agencies/new', screen: AgencyEdit, access: 'agency:manage' },
  { path: '/admin/agencies/:id', screen: AgencyEdit, access: 'agency:read' },
  { path: '/admin/programmes', screen: ProgrammesList, access: 'programme:read' },
  { path: '/admin/programmes/new', screen: ProgrammeEdit, access: 'programme:manage' },
  { path: '/admin/programmes/:id', screen: ProgrammeEdit, access: 'programme:read' },
  { path: '/admin/due-rules', screen: DueRules, access: 'setting:read' },
  { path: '/admin/reference', screen: ReferenceLists, access: 'setting:read' },
  { path: '/audit', screen: AuditBrowser, access: 'audit:read' },
  { path: '/my-work', screen: caseWork('my-work'), access: 'case:read' },
  { path: '/persons', screen: caseWork('person-search'), access: 'person:read' },
  { path: '/persons/new', screen: caseWork('person-register'), access: 'person:create' },
  { path: '/persons/:id', screen: caseWork('person-record'), access: 'person:read' },
  { path: '/cases', screen: caseWork('case-list'), access: 'case:read' },
  { path: '/cases/new', screen: caseWork('case-open'), access: 'case:create' },
  { path: '/cases/reassign', screen: caseWork('case-reassign'), access: 'case:assign' },
  { path: '/cases/:id', screen: caseWork('case-record'), access: 'case:read' },
  { path: '/linkage/review', screen: linkage('review-queue'), access: 'person:merge' },
  { path: '/linkage/pairs/:id', screen: linkage('pair-compare'), access: 'person:merge' },
  { path: '/tracing', screen: linkage('tracing-list'), access: 'person:trace' },
  { path: '/tracing/new', screen: linkage('tracing-new'), access: 'person:trace' },
  { path: '/tracing/:id', screen: linkage('tracing-detail'), access: 'person:trace' },
  { path: '/referrals', screen: caseWork('referrals-received'), access: 'referral:read' },
  { path: '/referrals/:id', screen: caseWork('referral'), access: 'referral:read' },
  { path: '/approvals', screen: caseWork('approvals-pending'), access: 'case:approve' },
  { path: '/service-providers', screen: ProviderDirectory, access: 'service:write' },
  { path: '/service-providers/new', screen: ProviderEdit, access: 'service:write' },
  { path: '/service-providers/:id', screen: ProviderEdit, access: 'service:write' },
];

function Forbidden() {
  const t = useT();
  return (
    <Page title={t('common.forbidden.title')}>
      <p>{t('common.forbidden.body')}</p>
      <p>
        <a href="/">{t('common.backHome')}</a>
      </p>
    </Page>
  );
}

function NotFound() {
  const t = useT();
  return (
    <Page title={t('common.notFound.title')}>
      <p>{t('common.notFound.body')}</p>
      <p>
        <a href="/">{t('common.backHome')}</a>
      </p>
    </Page>
  );
}

// The screen's code is only requested once access is settled: nobody downloads what they may not open.
function guard(Screen: Screen, access: Access): Screen {
  function Guarded(props: Record<string, unknown>) {
    const session = useSession();
    const { url } = useLocation();
    if (access === 'public') return <Screen {...props} />;
    const state = session.state;
    if (state.status === 'loading') return <Loading />;
    if (state.status === 'error') return <LoadError error={state.error} retry={() => session.refresh()} />;
    if (state.status === 'anonymous') return <Redirect to={`/login?next=${encodeURIComponent(url)}`} />;
    if (access !== 'enrolment' && mustEnrolTwoFactor(state.me)) return <Redirect to="/two-factor" />;
    if (access !== 'enrolment' && access !== 'signed-in' && !session.can(access)) return <Forbidden />;
    return <Screen {...props} />;
  }
  return Guarded;
}

const GUARDED = ROUTES.map((r) => ({ path: r.path, component: guard(r.screen, r.access) }));

function Shell() {
  const session = useSession();
  const { route, url } = useLocation();
  const [loading, setLoading] = useState(false);

  useEffect(
    () =>
      onAuthProblem((problem) => {
        if (problem === 'enrolment-required') {
          route('/two-factor');
          return;
        }
        session.clear();
        route(`/login?expired=1&next=${encodeURIComponent(url)}`, true);
      }),
    [session, route, url],
  );

  return (
    <Layout loading={loading}>
      <ErrorBoundary>
        <Router onLoadStart={() => setLoading(true)} onLoadEnd={() => setLoading(false)}>
          {GUARDED.map((r) => (
            <Route key={r.path} path={r.path} component={r.component} />
          ))}
          <Route default component={NotFound} />
        </Router>
      </ErrorBoundary>
    </Layout>
  );
}

export function App(props: { initialLocale: Locale }) {
  return (
    <I18nProvider initialLocale={props.initialLocale}>
      <LocationProvider>
        <SessionProvider>
          <Shell />
        </SessionProvider>
      </LocationProvider>
    </I18nProvider>
  );
}

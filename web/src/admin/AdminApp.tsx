import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Spin } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link, Navigate, NavLink, Route, Routes, useLocation, useNavigate } from 'react-router';
import type { Me } from '../api/types.ts';
import { BaseDetailPage, BasesListPage } from '../bases/BasesConsole.tsx';
import { BaseDashboardPage } from '../bases/Dashboard.tsx';
import { CollectionEditPage } from '../collections/CollectionEdit.tsx';
import { CollectionsListPage } from '../collections/CollectionsList.tsx';
import { canManageCollections } from '../collections/shared.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { logout, useMe } from '../lib/auth.ts';
import { ConsentPrompt } from '../lib/ConsentPrompt.tsx';
import { errorMessage } from '../lib/forms.ts';
import { PasswordChangeRequired } from '../lib/PasswordForms.tsx';
import { MediaLibraryPage } from '../media/MediaLibrary.tsx';
import { ElderSwitch, LanguageButton, PolicyLinks, SkipLink } from '../portal/PortalLayout.tsx';
import { ApplyPage } from '../reviews/Apply.tsx';
import { CallDetailPage } from '../reviews/CallDetail.tsx';
import { CallsListPage } from '../reviews/CallsList.tsx';
import { ItemPage } from '../reviews/ItemPage.tsx';
import { ExpertProfilePage, MyReviewsPage, ScorePage } from '../reviews/MyReviews.tsx';
import { isExpert } from '../reviews/shared.ts';
import { canCreateWorks, isReviewer } from '../works/shared.ts';
import { WorkDetailPage } from '../works/WorkDetail.tsx';
import { WorkFormPage } from '../works/WorkForm.tsx';
import { WorksListPage } from '../works/WorksList.tsx';
import { AdminLoginPage } from './AdminLogin.tsx';
import { AuditPage } from './Audit.tsx';
import { OrganisationsPage } from './Organisations.tsx';
import { PrivacyAdminPage } from './Privacy.tsx';
import { ReferencePage } from './Reference.tsx';
import { SearchTermsPage } from './SearchTerms.tsx';
import { SetupPage } from './Setup.tsx';
import { MyTodos } from './Todos.tsx';
import { TotpEnrolPage } from './TotpEnrol.tsx';
import { UsersPage } from './Users.tsx';

interface MenuItem {
  path: string;
  label: MessageKey;
  allowed: (me: Me) => boolean;
  /** Highlighted only on its own path, not on the pages below it. */
  end?: boolean;
}

interface MenuGroup {
  id: string;
  label: MessageKey;
  items: MenuItem[];
}

const MENU: MenuGroup[] = [
  {
    id: 'works',
    label: 'admin.worksGroup',
    items: [
      { path: 'works', label: 'works.title', allowed: (me) => me.abilities.console, end: true },
      { path: 'works/awaiting', label: 'works.awaiting', allowed: isReviewer },
      { path: 'works/new', label: 'works.create', allowed: canCreateWorks },
      { path: 'media', label: 'media.library', allowed: canCreateWorks },
      { path: 'collections', label: 'collections.title', allowed: (me) => me.abilities.console },
    ],
  },
  {
    id: 'reviews',
    label: 'admin.reviewsGroup',
    items: [
      { path: 'reviews', label: 'rv.calls', allowed: (me) => me.abilities.console },
      { path: 'my-reviews', label: 'rv.myReviews', allowed: isExpert },
      { path: 'expert-profile', label: 'rv.expertProfile', allowed: isExpert },
      { path: 'bases', label: 'base.title', allowed: (me) => me.abilities.console, end: true },
      { path: 'bases/dashboard', label: 'dash.title', allowed: (me) => me.abilities.console },
    ],
  },
  {
    id: 'system',
    label: 'admin.system',
    items: [
      {
        path: 'organisations',
        label: 'admin.orgs',
        allowed: (me) => me.abilities.manageOrganisations,
      },
      { path: 'users', label: 'admin.users', allowed: (me) => me.abilities.manageUsers },
      {
        path: 'reference',
        label: 'admin.reference',
        allowed: (me) => me.abilities.manageReference,
      },
      {
        path: 'privacy',
        label: 'admin.privacy',
        allowed: (me) => me.abilities.platformAdmin,
      },
      {
        path: 'search-terms',
        label: 'admin.searchTerms',
        allowed: (me) => me.abilities.platformAdmin,
      },
      { path: 'audit', label: 'admin.audit', allowed: (me) => me.abilities.readAudit },
    ],
  },
];

function menuFor(me: Me) {
  return MENU.map((g) => ({ ...g, items: g.items.filter((m) => m.allowed(me)) })).filter(
    (g) => g.items.length > 0,
  );
}

function Loading() {
  const { t } = usePrefs();
  return (
    <div className="page-loading" role="status">
      <Spin aria-hidden />
      <span>{t('common.loading')}</span>
    </div>
  );
}

/** Header, main and footer for the console's pages outside the shell (setup, login, TOTP). */
export function AuthShell({ children }: { children: ReactNode }) {
  const { t } = usePrefs();
  return (
    <div className="portal">
      <SkipLink />
      <header className="site-header">
        <div className="site-header-inner">
          <Link to="/" className="site-logo">
            {t('app.name')}
          </Link>
          <div className="header-tools">
            <LanguageButton />
            <ElderSwitch id="elder-label" />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <div className="site-footer-inner">
          <p>{t('footer.about')}</p>
          <PolicyLinks />
        </div>
      </footer>
    </div>
  );
}

/** One <nav> per menu group, named by the group's heading. */
function SideMenu({
  me,
  onNavigate,
  idPrefix,
}: {
  me: Me;
  onNavigate?: () => void;
  idPrefix: string;
}) {
  const { t } = usePrefs();
  return (
    <div className="side-menu">
      {menuFor(me).map((g) => (
        <nav key={g.id} aria-labelledby={`${idPrefix}-${g.id}`}>
          <p className="side-menu-group" id={`${idPrefix}-${g.id}`}>
            {t(g.label)}
          </p>
          <ul>
            {g.items.map((m) => (
              <li key={m.path}>
                <NavLink to={`/admin/${m.path}`} end={m.end} onClick={onNavigate}>
                  {t(m.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ))}
    </div>
  );
}

function Dashboard({ me }: { me: Me }) {
  const { t } = usePrefs();
  usePageTitle(t('admin.home'));
  const groups = menuFor(me);
  return (
    <>
      <h1>{t('admin.welcome', { name: me.user.displayName })}</h1>
      {groups.length > 0 ? (
        <>
          <p>{t('admin.welcomeText')}</p>
          <MyTodos />
          {groups.map((g) => (
            <section key={g.id} className="section" aria-labelledby={`dash-${g.id}`}>
              <h2 id={`dash-${g.id}`} className="drawer-h2">
                {t(g.label)}
              </h2>
              <ul className="card-grid">
                {g.items.map((m) => (
                  <li key={m.path} className="area-card">
                    <Link to={`/admin/${m.path}`}>{t(m.label)}</Link>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      ) : (
        <p>{t('admin.noAccess')}</p>
      )}
    </>
  );
}

function Guarded({ allowed, children }: { allowed: boolean; children: ReactNode }) {
  return allowed ? children : <Navigate to="/admin" replace />;
}

function ConsoleShell({ me }: { me: Me }) {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [drawer, setDrawer] = useState(false);
  const a = me.abilities;
  return (
    <div className="console-layout">
      <SkipLink />
      <header className="console-header">
        <Button
          className="menu-button"
          onClick={() => setDrawer(true)}
          aria-label={t('admin.openMenu')}
          aria-expanded={drawer}
        >
          {t('nav.menu')}
        </Button>
        <Link to="/admin" className="brand">
          {t('admin.title')}
        </Link>
        <span className="spacer" />
        <LanguageButton />
        <ElderSwitch id="elder-label" />
        <span className="console-user">{me.user.displayName}</span>
        <Link to="/">{t('admin.portal')}</Link>
        <button
          type="button"
          className="tool-button"
          onClick={async () => {
            // Leave first, so the guard does not remember this page for the next person.
            navigate('/admin/login', { replace: true });
            await logout(qc);
          }}
        >
          {t('admin.logout')}
        </button>
      </header>
      <div className="console-body">
        <div className="console-side">
          <SideMenu me={me} idPrefix="menu" />
        </div>
        <Drawer
          open={drawer}
          onClose={() => setDrawer(false)}
          placement="left"
          size={260}
          title={t('nav.menu')}
        >
          <SideMenu me={me} idPrefix="drawer-menu" onNavigate={() => setDrawer(false)} />
        </Drawer>
        <main id="main" className="console-main" tabIndex={-1}>
          <ConsentPrompt me={me} />
          <Routes>
            <Route index element={<Dashboard me={me} />} />
            <Route
              path="organisations"
              element={
                <Guarded allowed={a.manageOrganisations}>
                  <OrganisationsPage me={me} />
                </Guarded>
              }
            />
            <Route
              path="users"
              element={
                <Guarded allowed={a.manageUsers}>
                  <UsersPage me={me} />
                </Guarded>
              }
            />
            <Route
              path="reference"
              element={
                <Guarded allowed={a.manageReference}>
                  <ReferencePage />
                </Guarded>
              }
            />
            <Route
              path="works"
              element={
                <Guarded allowed={a.console}>
                  <WorksListPage me={me} />
                </Guarded>
              }
            />
            <Route
              path="works/awaiting"
              element={
                <Guarded allowed={isReviewer(me)}>
                  <WorksListPage key="awaiting" me={me} awaiting />
                </Guarded>
              }
            />
            <Route
              path="works/new"
              element={
                <Guarded allowed={canCreateWorks(me)}>
                  <WorkFormPage me={me} />
                </Guarded>
              }
            />
            <Route
              path="works/:id"
              element={
                <Guarded allowed={a.console}>
                  <WorkDetailPage />
                </Guarded>
              }
            />
            <Route
              path="works/:id/edit"
              element={
                <Guarded allowed={a.console}>
                  <WorkFormPage key="edit" me={me} />
                </Guarded>
              }
            />
            <Route
              path="media"
              element={
                <Guarded allowed={canCreateWorks(me)}>
                  <MediaLibraryPage me={me} />
                </Guarded>
              }
            />
            <Route
              path="collections"
              element={
                <Guarded allowed={a.console}>
                  <CollectionsListPage me={me} />
                </Guarded>
              }
            />
            <Route
              path="collections/new"
              element={
                <Guarded allowed={canManageCollections(me)}>
                  <CollectionEditPage me={me} />
                </Guarded>
              }
            />
            <Route
              path="collections/:id"
              element={
                <Guarded allowed={a.console}>
                  <CollectionEditPage key="edit" me={me} />
                </Guarded>
              }
            />
            <Route
              path="reviews"
              element={
                <Guarded allowed={a.console}>
                  <CallsListPage me={me} />
                </Guarded>
              }
            />
            <Route
              path="reviews/:id"
              element={
                <Guarded allowed={a.console}>
                  <CallDetailPage me={me} />
                </Guarded>
              }
            />
            <Route
              path="reviews/:id/apply"
              element={
                <Guarded allowed={a.console}>
                  <ApplyPage me={me} />
                </Guarded>
              }
            />
            <Route
              path="review-items/:id"
              element={
                <Guarded allowed={a.console}>
                  <ItemPage />
                </Guarded>
              }
            />
            <Route
              path="review-items/:itemId/edit"
              element={
                <Guarded allowed={a.console}>
                  <ApplyPage key="edit" me={me} />
                </Guarded>
              }
            />
            <Route
              path="my-reviews"
              element={
                <Guarded allowed={isExpert(me)}>
                  <MyReviewsPage />
                </Guarded>
              }
            />
            <Route
              path="my-reviews/:id"
              element={
                <Guarded allowed={isExpert(me)}>
                  <ScorePage />
                </Guarded>
              }
            />
            <Route
              path="expert-profile"
              element={
                <Guarded allowed={isExpert(me)}>
                  <ExpertProfilePage />
                </Guarded>
              }
            />
            <Route
              path="bases"
              element={
                <Guarded allowed={a.console}>
                  <BasesListPage me={me} />
                </Guarded>
              }
            />
            <Route
              path="bases/dashboard"
              element={
                <Guarded allowed={a.console}>
                  <BaseDashboardPage />
                </Guarded>
              }
            />
            <Route
              path="bases/:id"
              element={
                <Guarded allowed={a.console}>
                  <BaseDetailPage />
                </Guarded>
              }
            />
            <Route
              path="privacy"
              element={
                <Guarded allowed={a.platformAdmin}>
                  <PrivacyAdminPage />
                </Guarded>
              }
            />
            <Route
              path="search-terms"
              element={
                <Guarded allowed={a.platformAdmin}>
                  <SearchTermsPage />
                </Guarded>
              }
            />
            <Route
              path="audit"
              element={
                <Guarded allowed={a.readAudit}>
                  <AuditPage />
                </Guarded>
              }
            />
            <Route path="*" element={<Navigate to="/admin" replace />} />
          </Routes>
        </main>
      </div>
    </div>
  );
}

function Protected() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (me.isError)
    return (
      <AuthShell>
        <Alert type="error" showIcon title={errorMessage(me.error)} />
      </AuthShell>
    );
  if (!me.data) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/admin/login?next=${next}`} replace />;
  }
  if (me.data.mfaEnrolmentRequired) {
    return (
      <AuthShell>
        <TotpEnrolPage />
      </AuthShell>
    );
  }
  if (me.data.passwordChangeRequired) {
    return (
      <AuthShell>
        <PasswordChangeRequired me={me.data} />
      </AuthShell>
    );
  }
  return <ConsoleShell me={me.data} />;
}

export default function AdminApp() {
  return (
    <Routes>
      <Route
        path="setup"
        element={
          <AuthShell>
            <SetupPage />
          </AuthShell>
        }
      />
      <Route
        path="login"
        element={
          <AuthShell>
            <AdminLoginPage />
          </AuthShell>
        }
      />
      <Route path="*" element={<Protected />} />
    </Routes>
  );
}

import { Alert, Button, Drawer, Spin } from 'antd';
import { type ReactNode, Suspense, useState } from 'react';
import { Link, Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { ACTIVITIES_SECTIONS } from '../activities/sections.tsx';
import type { Me } from '../api/types.ts';
import { APPOINTMENTS_SECTIONS } from '../appointments/sections.tsx';
import { BASES_SECTIONS } from '../bases/sections.tsx';
import { CERTIFICATES_SECTIONS } from '../certificates/sections.tsx';
import { COLLECTIONS_SECTIONS } from '../collections/sections.tsx';
import { DEBUNKS_SECTIONS } from '../debunks/sections.tsx';
import { EMERGENCY_SECTIONS } from '../emergency/sections.tsx';
import { EXPERTS_SECTIONS } from '../experts/sections.tsx';
import { FACILITIES_SECTIONS } from '../facilities/sections.tsx';
import { HOTSPOT_SECTIONS } from '../hotspots/sections.tsx';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { signOut, useMe } from '../lib/auth.ts';
import { ConsentPrompt } from '../lib/ConsentPrompt.tsx';
import { errorMessage } from '../lib/forms.ts';
import { NotificationBell } from '../lib/NotificationBell.tsx';
import { PasswordChangeRequired } from '../lib/PasswordForms.tsx';
import { MEDIA_SECTIONS } from '../media/sections.tsx';
import { ElderSwitch, LanguageButton, PolicyLinks, SkipLink } from '../portal/PortalLayout.tsx';
import { RECORD_SECTIONS } from '../record/sections.tsx';
import { REVIEWS_SECTIONS } from '../reviews/sections.tsx';
import { SQUADS_SECTIONS } from '../squads/sections.tsx';
import { TRAINING_SECTIONS } from '../training/sections.tsx';
import { VOLUNTEERS_SECTIONS } from '../volunteers/sections.tsx';
import { WORKS_SECTIONS } from '../works/sections.tsx';
import { AdminLoginPage } from './AdminLogin.tsx';
import { SetupPage } from './Setup.tsx';
import { type ConsoleSection, hasConsole, menuFor } from './sections.ts';
import { SYSTEM_SECTIONS } from './systemSections.tsx';
import { MyTodos } from './Todos.tsx';
import { TotpEnrolPage } from './TotpEnrol.tsx';

/**
 * Every console page, from the feature folders: the menu and the routes are both read from this
 * one list. A module adds its pages by exporting sections and listing them here.
 */
const SECTIONS: readonly ConsoleSection[] = [
  ...WORKS_SECTIONS,
  ...MEDIA_SECTIONS,
  ...COLLECTIONS_SECTIONS,
  ...REVIEWS_SECTIONS,
  ...BASES_SECTIONS,
  ...ACTIVITIES_SECTIONS,
  ...SQUADS_SECTIONS,
  ...VOLUNTEERS_SECTIONS,
  ...CERTIFICATES_SECTIONS,
  ...TRAINING_SECTIONS,
  ...EMERGENCY_SECTIONS,
  ...DEBUNKS_SECTIONS,
  ...HOTSPOT_SECTIONS,
  ...FACILITIES_SECTIONS,
  ...EXPERTS_SECTIONS,
  ...APPOINTMENTS_SECTIONS,
  ...RECORD_SECTIONS,
  ...SYSTEM_SECTIONS,
];

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
      {menuFor(SECTIONS, me).map((g) => (
        <nav key={g.id} aria-labelledby={`${idPrefix}-${g.id}`}>
          <p className="side-menu-group" id={`${idPrefix}-${g.id}`}>
            {t(g.label)}
          </p>
          <ul>
            {g.items.map((m) => (
              <li key={m.path}>
                <NavLink to={`/admin/${m.path}`} end={m.end} onClick={onNavigate}>
                  {m.icon && (
                    <span className="side-menu-icon" aria-hidden>
                      <m.icon />
                    </span>
                  )}
                  {t(m.labelKey)}
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
  const groups = menuFor(SECTIONS, me);
  return (
    <>
      <h1>{t('admin.welcome', { name: me.user.displayName })}</h1>
      {hasConsole(SECTIONS, me) ? (
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
                    <Link to={`/admin/${m.path}`}>{t(m.labelKey)}</Link>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      ) : (
        <p>
          {t('admin.noAccess')} <Link to="/me">{t('admin.joinUnit')}</Link>
        </p>
      )}
    </>
  );
}

/**
 * A section's page when this person may open it (else back to the console's home), loading on
 * first visit behind its own fallback so the shell and menu stay in place meanwhile.
 */
function SectionPage({ section, me }: { section: ConsoleSection; me: Me }) {
  if (!section.allowed(me)) return <Navigate to="/admin" replace />;
  return <Suspense fallback={<Loading />}>{section.render(me)}</Suspense>;
}

function ConsoleShell({ me }: { me: Me }) {
  const { t } = usePrefs();
  const [drawer, setDrawer] = useState(false);
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
        <NotificationBell to="/admin/notifications" />
        <span className="console-user">{me.user.displayName}</span>
        <Link to="/">{t('admin.portal')}</Link>
        <button
          type="button"
          className="tool-button"
          // The console's login page, not this page's ?next=: the next person starts afresh.
          onClick={() => signOut('/admin/login', 'me.loggedOut')}
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
            {SECTIONS.map((section) => (
              <Route
                key={section.path}
                path={section.path}
                element={<SectionPage section={section} me={me} />}
              />
            ))}
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

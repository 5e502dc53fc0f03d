import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Spin } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link, Navigate, NavLink, Route, Routes, useLocation, useNavigate } from 'react-router';
import type { Me } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { logout, useMe } from '../lib/auth.ts';
import { errorMessage } from '../lib/forms.ts';
import { ElderSwitch, LanguageButton, SkipLink } from '../portal/PortalLayout.tsx';
import { AdminLoginPage } from './AdminLogin.tsx';
import { AuditPage } from './Audit.tsx';
import { OrganisationsPage } from './Organisations.tsx';
import { ReferencePage } from './Reference.tsx';
import { SetupPage } from './Setup.tsx';
import { TotpEnrolPage } from './TotpEnrol.tsx';
import { UsersPage } from './Users.tsx';

interface MenuItem {
  path: string;
  label: MessageKey;
  allowed: (a: Me['abilities']) => boolean;
}

const SYSTEM_MENU: MenuItem[] = [
  { path: 'organisations', label: 'admin.orgs', allowed: (a) => a.manageOrganisations },
  { path: 'users', label: 'admin.users', allowed: (a) => a.manageUsers },
  { path: 'reference', label: 'admin.reference', allowed: (a) => a.manageReference },
  { path: 'audit', label: 'admin.audit', allowed: (a) => a.readAudit },
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
        </div>
      </footer>
    </div>
  );
}

function SideMenu({ me, onNavigate }: { me: Me; onNavigate?: () => void }) {
  const { t } = usePrefs();
  const items = SYSTEM_MENU.filter((m) => m.allowed(me.abilities));
  if (items.length === 0) return null;
  return (
    <div className="side-menu">
      <p className="side-menu-group" id="menu-system">
        {t('admin.system')}
      </p>
      <ul aria-labelledby="menu-system">
        {items.map((m) => (
          <li key={m.path}>
            <NavLink to={`/admin/${m.path}`} onClick={onNavigate}>
              {t(m.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Dashboard({ me }: { me: Me }) {
  const { t } = usePrefs();
  usePageTitle(t('admin.home'));
  const items = SYSTEM_MENU.filter((m) => m.allowed(me.abilities));
  return (
    <>
      <h1>{t('admin.welcome', { name: me.user.displayName })}</h1>
      {items.length > 0 ? (
        <>
          <p>{t('admin.welcomeText')}</p>
          <ul className="card-grid">
            {items.map((m) => (
              <li key={m.path} className="area-card">
                <Link to={`/admin/${m.path}`}>{t(m.label)}</Link>
              </li>
            ))}
          </ul>
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
        <nav className="console-side" aria-label={t('admin.system')}>
          <SideMenu me={me} />
        </nav>
        <Drawer
          open={drawer}
          onClose={() => setDrawer(false)}
          placement="left"
          size={260}
          title={t('admin.system')}
        >
          <nav aria-label={t('admin.system')}>
            <SideMenu me={me} onNavigate={() => setDrawer(false)} />
          </nav>
        </Drawer>
        <main id="main" className="console-main" tabIndex={-1}>
          <Routes>
            <Route index element={<Dashboard me={me} />} />
            <Route
              path="organisations"
              element={
                <Guarded allowed={a.manageOrganisations}>
                  <OrganisationsPage />
                </Guarded>
              }
            />
            <Route
              path="users"
              element={
                <Guarded allowed={a.manageUsers}>
                  <UsersPage />
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

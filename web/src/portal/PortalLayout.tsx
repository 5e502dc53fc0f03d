import { Spin } from 'antd';
import { lazy, Suspense, useEffect } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { usePrefs } from '../i18n/index.tsx';
import { useMe } from '../lib/auth.ts';
import { NotificationBell } from '../lib/NotificationBell.tsx';
import { HeaderSearch } from './HeaderSearch.tsx';
import { SiteFooterLinks } from './SiteFooter.tsx';

// Shown to few people, rarely: loaded only when needed, so the portal's first load stays small.
const ConsentPrompt = lazy(() =>
  import('../lib/ConsentPrompt.tsx').then((m) => ({ default: m.ConsentPrompt })),
);
const PasswordChangeRequired = lazy(() =>
  import('../lib/PasswordForms.tsx').then((m) => ({ default: m.PasswordChangeRequired })),
);

export function LanguageButton({ className = 'tool-button' }: { className?: string }) {
  const { lang, setLang, t } = usePrefs();
  const other = lang === 'zh-CN' ? 'en-US' : 'zh-CN';
  return (
    <button
      type="button"
      className={className}
      lang={other}
      aria-label={t('prefs.switchToLabel')}
      onClick={() => setLang(other)}
    >
      {t('prefs.switchTo')}
    </button>
  );
}

/**
 * 适老化 on or off: a native switch (not antd's), so the header looks the same in the
 * pre-rendered first screen, before any script has run.
 */
export function ElderSwitch({ id }: { id: string }) {
  const { elder, setElder, t } = usePrefs();
  return (
    <span className="elder-switch">
      <span id={id} title={t('prefs.elderLabel')}>
        {t('prefs.elder')}
      </span>
      <button
        type="button"
        role="switch"
        className="toggle"
        aria-checked={elder}
        aria-labelledby={id}
        aria-describedby={`${id}-desc`}
        onClick={() => setElder(!elder)}
      >
        <span className="toggle-knob" aria-hidden />
      </button>
      <span id={`${id}-desc`} className="visually-hidden">
        {t('prefs.elderLabel')}
      </span>
    </span>
  );
}

export function SkipLink() {
  const { t } = usePrefs();
  return (
    <a className="skip-link" href="#main">
      {t('a11y.skip')}
    </a>
  );
}

/** The footer's links to the privacy policy and the user agreement. */
export function PolicyLinks() {
  const { t } = usePrefs();
  return (
    <nav className="footer-links" aria-label={t('footer.policies')}>
      <Link className="footer-link" to="/privacy">
        {t('policy.privacyTitle')}
      </Link>
      <Link className="footer-link" to="/terms">
        {t('policy.termsTitle')}
      </Link>
    </nav>
  );
}

/**
 * The portal's header: logo, menu, search, language, 适老化 and the person's links. Also rendered
 * at build time into the home page's first screen (`web/src/first-screen.tsx`), so it must not
 * depend on anything only a browser has.
 */
export function SiteHeader() {
  const { t } = usePrefs();
  const me = useMe();
  const user = me.data?.user;
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  // 资源库 is the works part of search; a free-text search is not.
  const inLibrary =
    (location.pathname === '/search' && params.get('type') === 'work' && !params.get('q')) ||
    location.pathname.startsWith('/works/');
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link to="/" className="site-logo">
          {t('app.name')}
        </Link>
        <nav className="site-nav" aria-label={t('nav.main')}>
          <ul>
            <li>
              <NavLink to="/" end>
                {t('nav.home')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/channel">{t('nav.channel')}</NavLink>
            </li>
            <li>
              <NavLink to="/bases">{t('nav.bases')}</NavLink>
            </li>
            <li>
              <NavLink to="/activities">{t('nav.activities')}</NavLink>
            </li>
            <li>
              <NavLink to="/facilities">{t('nav.facilities')}</NavLink>
            </li>
            <li>
              <NavLink to="/experts">{t('nav.experts')}</NavLink>
            </li>
            <li>
              <NavLink to="/emergency">{t('nav.emergency')}</NavLink>
              <NavLink to="/debunks">{t('nav.debunks')}</NavLink>
            </li>
            <li>
              <NavLink to="/calls">{t('nav.calls')}</NavLink>
            </li>
            <li>
              <Link to="/search?type=work" aria-current={inLibrary ? 'page' : undefined}>
                {t('nav.library')}
              </Link>
            </li>
            <li>
              <NavLink to="/notices">{t('notices.title')}</NavLink>
            </li>
          </ul>
        </nav>
        <HeaderSearch />
        <div className="header-tools">
          <LanguageButton />
          <ElderSwitch id="elder-label" />
          {user ? (
            <>
              {me.data?.abilities.console && <Link to="/admin">{t('nav.console')}</Link>}
              <NotificationBell />
              <NavLink to="/me">
                {t('nav.me')}（{user.displayName}）
              </NavLink>
            </>
          ) : (
            <>
              <NavLink to="/login">{t('nav.login')}</NavLink>
              <NavLink to="/register">{t('nav.register')}</NavLink>
            </>
          )}
        </div>
      </div>
    </header>
  );
}

/**
 * Takes away the home page's pre-rendered first screen once the app has rendered: after the next
 * frame, so the browser has finished accounting for what the visitor already saw (the first
 * screen's paint) before the same text moves into the app. Whoever was typing in it keeps their
 * place.
 */
/** What was typed into a first-screen box goes into the app's box of the same id (React state too). */
function carryOver(from: HTMLInputElement) {
  const to = document.getElementById(from.id);
  if (!(to instanceof HTMLInputElement) || to.value) return;
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(to, from.value);
  to.dispatchEvent(new Event('input', { bubbles: true }));
}

function useReplaceFirstScreen() {
  useEffect(() => {
    const shell = document.getElementById('first-screen');
    if (!shell?.firstChild) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        const active = document.activeElement;
        const focusedId = active && shell.contains(active) ? active.id : '';
        const typed = [...shell.querySelectorAll('input')].filter((i) => i.id && i.value);
        shell.replaceChildren();
        for (const input of typed) carryOver(input);
        if (focusedId) document.getElementById(focusedId)?.focus();
      });
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
}

export function PortalLayout() {
  useReplaceFirstScreen();
  const { t } = usePrefs();
  const me = useMe();
  const location = useLocation();
  // A person who must change their password can do nothing else (the server refuses it), but
  // may still read the privacy documents.
  const mustChangePassword =
    me.data?.passwordChangeRequired &&
    !me.data.mfaEnrolmentRequired &&
    location.pathname !== '/privacy' &&
    location.pathname !== '/terms';
  return (
    <div className="portal">
      <SkipLink />
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        {me.data?.consentRequired && (
          <Suspense fallback={null}>
            <ConsentPrompt me={me.data} />
          </Suspense>
        )}
        <Suspense
          fallback={
            <div className="page-loading" role="status">
              <Spin aria-hidden />
              <span>{t('common.loading')}</span>
            </div>
          }
        >
          {mustChangePassword && me.data ? <PasswordChangeRequired me={me.data} /> : <Outlet />}
        </Suspense>
      </main>
      <footer className="site-footer">
        <div className="site-footer-inner">
          <p>{t('footer.about')}</p>
          <p>{t('footer.plan')}</p>
          <SiteFooterLinks />
          <p>{t('footer.copyright', { year: new Date().getFullYear() })}</p>
        </div>
      </footer>
    </div>
  );
}

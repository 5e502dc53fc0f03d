import { App as AntApp, ConfigProvider, Spin, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useEffect, useSyncExternalStore } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { CONSOLE_MESSAGES } from './admin/messages.ts';
import { DEBUNKS_MESSAGES } from './debunks/messages.ts';
import { loadMessages, usePrefs } from './i18n/index.tsx';
import { takeFlash } from './lib/auth.ts';
import { Home } from './portal/Home.tsx';
import { NotFound } from './portal/NotFound.tsx';
import { PortalLayout } from './portal/PortalLayout.tsx';
import { TRAINING_MESSAGES } from './training/messages.ts';
import { VOLUNTEERS_MESSAGES } from './volunteers/messages.ts';

/**
 * The portal's pages beyond the home page load on first visit (each its own chunk), so the first
 * load carries the shell and the home page only.
 */
const page = <K extends string>(load: () => Promise<Record<K, React.ComponentType>>, name: K) =>
  lazy(() => load().then((m) => ({ default: m[name] })));
const ActivitiesPage = page(() => import('./portal/Activities.tsx'), 'ActivitiesPage');
const ActivityPage = page(() => import('./portal/Activity.tsx'), 'ActivityPage');
const TicketPage = page(() => import('./portal/MeRegistrations.tsx'), 'TicketPage');
const SquadsPage = page(() => import('./portal/Squads.tsx'), 'SquadsPage');
const ExpertsPage = page(() => import('./portal/Experts.tsx'), 'ExpertsPage');
const ExpertPage = page(() => import('./portal/Experts.tsx'), 'ExpertPage');
const VerifyPage = page(() => import('./portal/Certificates.tsx'), 'VerifyPage');
const MyCertificatesPage = page(() => import('./portal/Certificates.tsx'), 'MyCertificatesPage');
const BasePage = page(() => import('./portal/Bases.tsx'), 'BasePage');
const BasesPage = page(() => import('./portal/Bases.tsx'), 'BasesPage');
const CallPage = page(() => import('./portal/Calls.tsx'), 'CallPage');
const CallsPage = page(() => import('./portal/Calls.tsx'), 'CallsPage');
const ChannelPage = page(() => import('./portal/Channel.tsx'), 'ChannelPage');
const CollectionPage = page(() => import('./portal/Collection.tsx'), 'CollectionPage');
const ContactPage = page(() => import('./portal/Contact.tsx'), 'ContactPage');
const FacilitiesPage = page(() => import('./portal/Facilities.tsx'), 'FacilitiesPage');
const FacilityPage = page(() => import('./portal/Facilities.tsx'), 'FacilityPage');
const ForgotPasswordPage = page(() => import('./portal/ForgotPassword.tsx'), 'ForgotPasswordPage');
const JoinExpertPage = page(() => import('./portal/JoinExpert.tsx'), 'JoinExpertPage');
const LoginPage = page(() => import('./portal/Login.tsx'), 'LoginPage');
const InboxPage = page(() => import('./lib/Inbox.tsx'), 'InboxPage');
const MePage = page(() => import('./portal/Me.tsx'), 'MePage');
const NoticePage = page(() => import('./portal/Notice.tsx'), 'NoticePage');
const NoticesPage = page(() => import('./portal/Notices.tsx'), 'NoticesPage');
const RegisterPage = page(() => import('./portal/Register.tsx'), 'RegisterPage');
const PrivacyPage = page(() => import('./portal/Policy.tsx'), 'PrivacyPage');
const ResetPasswordPage = page(() => import('./portal/ResetPassword.tsx'), 'ResetPasswordPage');
const SignInLinkPage = page(() => import('./portal/SignInLink.tsx'), 'SignInLinkPage');
const TermsPage = page(() => import('./portal/Policy.tsx'), 'TermsPage');
const SearchPage = page(() => import('./portal/Search.tsx'), 'SearchPage');
const SiteMapPage = page(() => import('./portal/SiteMap.tsx'), 'SiteMapPage');
const WorkPage = page(() => import('./portal/Work.tsx'), 'WorkPage');
const EmergencyPage = page(() => import('./portal/Emergency.tsx'), 'EmergencyPage');
const RegionPage = page(() => import('./portal/Emergency.tsx'), 'RegionPage');
const MeVolunteerPage = lazy(() =>
  Promise.all([import('./volunteers/MeVolunteer.tsx'), loadMessages(VOLUNTEERS_MESSAGES)]).then(
    ([m]) => ({ default: m.MeVolunteerPage }),
  ),
);

const trainingPage = (name: 'TrainingListPage' | 'TrainingPage' | 'MyTrainingPage') =>
  lazy(() =>
    Promise.all([import('./training/Portal.tsx'), loadMessages(TRAINING_MESSAGES)]).then(([m]) => ({
      default: m[name],
    })),
  );
const debunksPage = (name: 'DebunksPage' | 'DebunkPage' | 'BoardPage' | 'ReportPage') =>
  lazy(() =>
    Promise.all([import('./debunks/Portal.tsx'), loadMessages(DEBUNKS_MESSAGES)]).then(([m]) => ({
      default: m[name],
    })),
  );
const DebunksPage = debunksPage('DebunksPage');
const DebunkPage = debunksPage('DebunkPage');
const DebunkBoardPage = debunksPage('BoardPage');
const RumourReportPage = debunksPage('ReportPage');
const TrainingListPage = trainingPage('TrainingListPage');
const TrainingPage = trainingPage('TrainingPage');
const MyTrainingPage = trainingPage('MyTrainingPage');

/** The console is a separate chunk, with its own dictionary: the portal's first load has neither. */
const AdminApp = lazy(() =>
  Promise.all([import('./admin/AdminApp.tsx'), loadMessages(CONSOLE_MESSAGES)]).then(([m]) => m),
);

const BASE_TOKENS: ThemeConfig['token'] = {
  colorPrimary: '#0b6b4f',
  colorLink: '#0b6b4f',
  colorInfo: '#1d5fa8',
  colorError: '#c0281b',
  colorSuccess: '#217a3c',
  colorWarning: '#8a5a00',
  colorTextSecondary: 'rgba(0, 0, 0, 0.72)',
  colorTextTertiary: 'rgba(0, 0, 0, 0.66)',
  colorTextDescription: 'rgba(0, 0, 0, 0.66)',
  colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
  // Read-only fields (a published activity's settings) stay readable: 4.5:1 on the grey field.
  colorTextDisabled: 'rgba(0, 0, 0, 0.62)',
  borderRadius: 6,
  fontFamily:
    "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif",
};

/** 适老化: larger type and higher contrast. */
const ELDER_TOKENS: ThemeConfig['token'] = {
  ...BASE_TOKENS,
  fontSize: 20,
  fontSizeLG: 22,
  fontSizeSM: 18,
  controlHeight: 44,
  controlHeightLG: 52,
  controlHeightSM: 36,
  colorPrimary: '#004d36',
  colorLink: '#004d36',
  colorText: '#000000',
  colorTextHeading: '#000000',
  colorTextSecondary: '#111111',
  colorTextTertiary: '#222222',
  colorTextDescription: '#222222',
  colorTextPlaceholder: '#444444',
  colorBorder: '#333333',
  colorBorderSecondary: '#555555',
  colorError: '#a3150a',
};

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

/** Honours the system's "reduce motion" setting (antd then skips its animations). */
function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(
    (notify) => {
      const mq = window.matchMedia(REDUCED_MOTION);
      mq.addEventListener('change', notify);
      return () => mq.removeEventListener('change', notify);
    },
    () => window.matchMedia(REDUCED_MOTION).matches,
  );
}

/** Says once what the page before a full load left to be said (「已退出登录」 after signing out). */
function FlashMessage() {
  const { t } = usePrefs();
  const { message } = AntApp.useApp();
  useEffect(() => {
    const flash = takeFlash();
    if (flash) message.success(t(flash));
  }, [message, t]);
  return null;
}

export function App() {
  const { lang, elder, t } = usePrefs();
  const reducedMotion = usePrefersReducedMotion();
  return (
    <ConfigProvider
      locale={lang === 'en-US' ? enUS : zhCN}
      theme={{ token: { ...(elder ? ELDER_TOKENS : BASE_TOKENS), motion: !reducedMotion } }}
      button={{ autoInsertSpace: false }}
    >
      <AntApp component={false}>
        <FlashMessage />
        <Routes>
          <Route
            path="/admin/*"
            element={
              <Suspense
                fallback={
                  <div className="page-loading" role="status">
                    <Spin aria-hidden />
                    <span>{t('common.loading')}</span>
                  </div>
                }
              >
                <AdminApp />
              </Suspense>
            }
          />
          <Route element={<PortalLayout />}>
            <Route index element={<Home />} />
            <Route path="login" element={<LoginPage />} />
            <Route path="register" element={<RegisterPage />} />
            <Route path="forgot-password" element={<ForgotPasswordPage />} />
            <Route path="reset-password" element={<ResetPasswordPage />} />
            <Route path="sign-in-link" element={<SignInLinkPage />} />
            <Route path="privacy" element={<PrivacyPage />} />
            <Route path="terms" element={<TermsPage />} />
            <Route path="me" element={<MePage />} />
            <Route path="me/notifications" element={<InboxPage />} />
            {/* Where activity messages lead (places offered, decisions, refused comments). */}
            <Route
              path="me/registrations"
              element={<Navigate to="/me#my-registrations-panel" replace />}
            />
            <Route path="search" element={<SearchPage />} />
            <Route path="works/:id" element={<WorkPage />} />
            <Route path="channel" element={<ChannelPage />} />
            <Route path="collections/:id" element={<CollectionPage />} />
            <Route path="bases" element={<BasesPage />} />
            <Route path="bases/:id" element={<BasePage />} />
            <Route path="notices" element={<NoticesPage />} />
            <Route path="notices/:id" element={<NoticePage />} />
            <Route path="calls" element={<CallsPage />} />
            <Route path="calls/:id" element={<CallPage />} />
            <Route path="activities" element={<ActivitiesPage />} />
            <Route path="activities/:id" element={<ActivityPage />} />
            <Route path="facilities" element={<FacilitiesPage />} />
            <Route path="facilities/:id" element={<FacilityPage />} />
            <Route path="me/tickets/:id" element={<TicketPage />} />
            <Route path="me/volunteer" element={<MeVolunteerPage />} />
            <Route path="squads" element={<SquadsPage />} />
            <Route path="experts" element={<ExpertsPage />} />
            <Route path="experts/:id" element={<ExpertPage />} />
            <Route path="join/expert/:token" element={<JoinExpertPage />} />
            <Route path="verify" element={<VerifyPage />} />
            <Route path="verify/:code" element={<VerifyPage />} />
            <Route path="me/certificates" element={<MyCertificatesPage />} />
            <Route path="debunks" element={<DebunksPage />} />
            <Route path="debunks/board" element={<DebunkBoardPage />} />
            <Route path="debunks/report" element={<RumourReportPage />} />
            <Route path="debunks/:id" element={<DebunkPage />} />
            <Route path="training" element={<TrainingListPage />} />
            <Route path="training/:id" element={<TrainingPage />} />
            <Route path="me/training" element={<MyTrainingPage />} />
            <Route path="emergency" element={<EmergencyPage />} />
            <Route path="regions/:code" element={<RegionPage />} />
            <Route path="contact" element={<ContactPage />} />
            <Route path="site-map" element={<SiteMapPage />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </AntApp>
    </ConfigProvider>
  );
}

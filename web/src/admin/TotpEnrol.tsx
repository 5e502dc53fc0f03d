import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { usePageTitle, useT } from '../i18n/index.tsx';
import { rememberMe } from '../lib/auth.ts';
import { TotpSetup } from '../lib/TotpSetup.tsx';

/** A platform administrator's required enrolment, before anything else in the console. */
export function TotpEnrolPage() {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  usePageTitle(t('totp.title'));
  return (
    <div className="auth-card totp-card">
      <h1>{t('totp.title')}</h1>
      <p>{t('totp.text')}</p>
      <TotpSetup
        onDone={(me) => {
          // Only now: the console replaces this page as soon as it knows the code is set up.
          rememberMe(qc, me);
          message.success(t('totp.done'));
        }}
      />
    </div>
  );
}

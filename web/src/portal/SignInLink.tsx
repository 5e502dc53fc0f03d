import { useQueryClient } from '@tanstack/react-query';
import { Alert, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiError, api, call } from '../api/client.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { rememberMe } from '../lib/auth.ts';
import { errorMessage } from '../lib/forms.ts';

/**
 * /sign-in-link#<token>: a one-time sign-in link (`npm run kepu -- demo logins`). The token stays
 * in the fragment; the link is used once, then the person lands where their work is: the console
 * for anyone with a role in a unit, 我的 for the public.
 */
export function SignInLinkPage() {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { hash } = useLocation();
  const token = decodeURIComponent(hash.replace(/^#/, '')).trim();
  const [error, setError] = useState<unknown>(token.length < 20 ? null : undefined);
  const sent = useRef(false);
  usePageTitle(t('signInLink.title'));

  useEffect(() => {
    if (token.length < 20 || sent.current) return;
    sent.current = true;
    call(api.POST('/api/auth/sign-in-link', { body: { token } }))
      .then((me) => {
        rememberMe(qc, me);
        navigate(me.abilities.console ? '/admin' : '/me', { replace: true });
      })
      .catch(setError);
  }, [token, qc, navigate]);

  return (
    <div className="auth-card">
      <h1>{t('signInLink.title')}</h1>
      {error === undefined ? (
        <div className="page-loading" role="status">
          <Spin aria-hidden />
          <span>{t('signInLink.signingIn')}</span>
        </div>
      ) : (
        <>
          <Alert
            className="form-alert"
            type="error"
            showIcon
            role="alert"
            title={
              error === null || (error instanceof ApiError && error.code === 'SIGN_IN_LINK_INVALID')
                ? t('signInLink.invalid')
                : errorMessage(error)
            }
          />
          <p>{t('signInLink.invalidText')}</p>
          <p>
            <Link to="/login">{t('signInLink.toLogin')}</Link>
          </p>
        </>
      )}
    </div>
  );
}

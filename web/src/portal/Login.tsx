import { Link, useNavigate, useSearchParams } from 'react-router';
import { usePageTitle, useT } from '../i18n/index.tsx';
import { LoginForm } from '../lib/LoginForm.tsx';

/** Only same-site paths are followed after login. */
export function safeNext(next: string | null, fallback: string): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : fallback;
}

export function LoginPage() {
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  usePageTitle(t('login.title'));
  return (
    <div className="auth-card">
      <h1>{t('login.title')}</h1>
      <LoginForm
        name="login"
        initialUsername={params.get('username') ?? undefined}
        onDone={(me) => {
          const fallback = me.mfaEnrolmentRequired ? '/admin' : '/';
          navigate(safeNext(params.get('next'), fallback), { replace: true });
        }}
      />
      <p>
        {t('login.noAccount')}{' '}
        <Link
          to={
            params.get('next')
              ? `/register?next=${encodeURIComponent(safeNext(params.get('next'), '/'))}`
              : '/register'
          }
        >
          {t('login.toRegister')}
        </Link>
      </p>
    </div>
  );
}

import { Link, useNavigate, useSearchParams } from 'react-router';
import { usePageTitle, useT } from '../i18n/index.tsx';
import { LoginForm } from '../lib/LoginForm.tsx';

export function AdminLoginPage() {
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  usePageTitle(t('admin.loginTitle'));
  return (
    <div className="auth-card">
      <h1>{t('admin.loginTitle')}</h1>
      <LoginForm
        name="admin-login"
        onDone={() => {
          const next = params.get('next');
          const safe = next?.startsWith('/admin') ? next : '/admin';
          navigate(safe, { replace: true });
        }}
      />
      <p>
        <Link to="/">{t('admin.portal')}</Link>
      </p>
    </div>
  );
}

import { Link } from 'react-router';
import { usePageTitle, useT } from '../i18n/index.tsx';

export function NotFound() {
  const t = useT();
  usePageTitle(t('common.notFound'));
  return (
    <div className="panel">
      <h1 className="page-title">{t('common.notFound')}</h1>
      <p>{t('common.notFoundText')}</p>
      <Link to="/">{t('common.backHome')}</Link>
    </div>
  );
}

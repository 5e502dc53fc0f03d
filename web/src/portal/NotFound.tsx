import { Link } from 'react-router';
import { usePageTitle, useT } from '../i18n/index.tsx';

export function NotFound({ title, text }: { title?: string; text?: string } = {}) {
  const t = useT();
  const heading = title ?? t('common.notFound');
  usePageTitle(heading);
  return (
    <div className="panel">
      <h1 className="page-title">{heading}</h1>
      <p>{text ?? t('common.notFoundText')}</p>
      <Link to="/">{t('common.backHome')}</Link>
    </div>
  );
}

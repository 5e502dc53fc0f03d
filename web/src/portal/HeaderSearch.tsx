import { type FormEvent, useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useT } from '../i18n/index.tsx';

/** The search box in the header of every portal page. */
export function HeaderSearch() {
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const current =
    location.pathname === '/search' ? (new URLSearchParams(location.search).get('q') ?? '') : '';
  const [q, setQ] = useState(current);
  useEffect(() => setQ(current), [current]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/search?q=${encodeURIComponent(q.trim())}`);
  };
  return (
    <search className="header-search">
      <form action="/search" onSubmit={submit}>
        <label htmlFor="header-search-q" className="visually-hidden">
          {t('search.label')}
        </label>
        <input
          id="header-search-q"
          type="search"
          name="q"
          value={q}
          maxLength={100}
          placeholder={t('search.placeholder')}
          onChange={(e) => setQ(e.target.value)}
          enterKeyHint="search"
        />
        <button type="submit">{t('search.submit')}</button>
      </form>
    </search>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Alert, Skeleton } from 'antd';
import { Link } from 'react-router';
import { api, call } from '../api/client.ts';
import { usePrefs } from '../i18n/index.tsx';
import { formatDate } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';

const DAY = 86_400_000;

/** 我的待办: what waits for this person, gathered from every module (GET /api/me/todos). */
export function MyTodos() {
  const { t, lang } = usePrefs();
  const q = useQuery({
    // The labels come in the page's language.
    queryKey: ['todos', lang],
    queryFn: () => call(api.GET('/api/me/todos')),
  });
  const due = (iso: string) => {
    const days = Math.ceil((Date.parse(iso) - Date.now()) / DAY);
    if (Date.parse(iso) < Date.now()) return t('todo.overdue', { date: formatDate(iso, lang) });
    if (days <= 1) return t('todo.dueToday', { date: formatDate(iso, lang) });
    return t('todo.due', { date: formatDate(iso, lang), days });
  };
  return (
    <section className="section todo-list" aria-labelledby="todo-h">
      <h2 id="todo-h" className="drawer-h2">
        {t('todo.title')}
      </h2>
      {q.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : q.isError ? (
        <Alert type="error" showIcon title={errorMessage(q.error)} />
      ) : q.data.groups.length === 0 ? (
        <p className="muted">{t('todo.none')}</p>
      ) : (
        <ul className="todo-groups">
          {q.data.groups.map((g) => (
            <li key={g.kind} className="todo-group">
              <h3 id={`todo-${g.kind}`}>
                {g.label}
                <span className="todo-count">{t('todo.count', { count: g.count })}</span>
              </h3>
              <ul aria-labelledby={`todo-${g.kind}`}>
                {g.entries.map((e) => (
                  <li key={e.id} className="todo-entry">
                    <Link to={e.link}>{e.title}</Link>
                    {e.detail && <span className="todo-detail">{e.detail}</span>}
                    {e.dueAt && <span className="todo-due">{due(e.dueAt)}</span>}
                  </li>
                ))}
              </ul>
              {g.count > g.entries.length && (
                <Link to={g.link} className="todo-all">
                  {t('todo.all', { count: g.count })}
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

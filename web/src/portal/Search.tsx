import { useQuery } from '@tanstack/react-query';
import { Alert, Pagination, Radio, Skeleton } from 'antd';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { type MessageKey, translateOptional, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { formatDate } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { useProvinces, useRefName } from '../lib/reference.ts';
import { markRanges } from '../lib/richtext.ts';

type Result = Answer<'/api/search', 'get'>;
type Item = Omit<Result['items'][number], 'highlights'> & {
  highlights: { title: number[][]; snippet: number[][] };
};
type FacetName = keyof Result['facets'];

const FACETS: { name: FacetName; label: MessageKey }[] = [
  { name: 'type', label: 'search.facet.type' },
  { name: 'workType', label: 'search.facet.workType' },
  { name: 'sector', label: 'search.facet.sector' },
  { name: 'topic', label: 'search.facet.topic' },
  { name: 'audience', label: 'search.facet.audience' },
  { name: 'region', label: 'search.facet.region' },
  { name: 'year', label: 'search.facet.year' },
];
const PAGE_SIZE = 10;
/** Where each type's subtype is named: a base's level, a collection's kind, an organisation's type. */
const SUBTYPE_KEYS: Record<string, string> = {
  base: 'base.tierName',
  collection: 'collectionKind',
  organisation: 'orgType',
  expert: 'expert.rank',
  debunk: 'debunkKind',
};

function Marked({ text, ranges }: { text: string; ranges: number[][] }) {
  return (
    <>
      {markRanges(text, ranges).map((p, i) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed string
        p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
      )}
    </>
  );
}

/** Names for facet values and result types, in the UI language. */
function useFacetNames() {
  const { lang, t } = usePrefs();
  const provinces = useProvinces().data;
  const sector = useRefName('SECTOR');
  const topic = useRefName('TOPIC');
  const audience = useRefName('AUDIENCE');
  const workType = useRefName('WORK_TYPE');
  const typeName = (v: string) =>
    translateOptional(lang, `searchType.${v}`) ?? t('searchType.other');
  const name = (facet: FacetName, v: string): string => {
    switch (facet) {
      case 'type':
        return typeName(v);
      case 'workType':
        return workType(v);
      case 'sector':
        return sector(v);
      case 'topic':
        return topic(v);
      case 'audience':
        return audience(v);
      case 'region':
        return provinces?.find((p) => p.code === v)?.name ?? v;
      case 'year':
        return t('search.yearValue', { year: v });
    }
  };
  /** A result's kind in words: type, then its level, kind or work type; never a code. */
  const itemType = (item: Item) => {
    const base = typeName(item.type);
    const code = item.subtype;
    if (!code) return base;
    const sub =
      item.type === 'work'
        ? workType(code)
        : translateOptional(lang, `${SUBTYPE_KEYS[item.type] ?? 'orgType'}.${code}`);
    // A code without a name (or while the reference list loads) is left out, not shown.
    return sub && sub !== code ? `${base} · ${sub}` : base;
  };
  return { name, itemType };
}

function ResultItem({ item }: { item: Item }) {
  const { lang, t } = usePrefs();
  const { itemType } = useFacetNames();
  const title = <Marked text={item.title} ranges={item.highlights.title} />;
  return (
    <li className="search-result" data-type={item.type}>
      <h2 className="search-result-title">
        {item.url ? <Link to={item.url}>{title}</Link> : title}
      </h2>
      <p className="search-result-meta">
        <span className="search-result-type">{itemType(item)}</span>
        {item.publishedAt && (
          <>
            {' · '}
            <time dateTime={item.publishedAt}>
              {t('search.published', { date: formatDate(item.publishedAt, lang) })}
            </time>
          </>
        )}
      </p>
      {item.snippet && (
        <p className="search-result-snippet">
          <Marked text={item.snippet} ranges={item.highlights.snippet} />
        </p>
      )}
    </li>
  );
}

export function SearchPage() {
  const { t } = usePrefs();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const q = params.get('q') ?? '';
  const filters = Object.fromEntries(
    FACETS.map((f) => [f.name, params.get(f.name) ?? '']).filter(([, v]) => v !== ''),
  ) as Partial<Record<FacetName, string>>;
  const sort = params.get('sort') === 'date' || (!q && !params.get('sort')) ? 'date' : 'relevance';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [box, setBox] = useState(q);
  useEffect(() => setBox(q), [q]);
  const names = useFacetNames();
  const libraryOnly = !q && filters.type === 'work' && Object.keys(filters).length === 1;
  usePageTitle(q ? t('search.titleQ', { q }) : libraryOnly ? t('nav.library') : t('search.title'));

  const result = useQuery({
    queryKey: ['search', q, filters, sort, page],
    queryFn: () =>
      call(
        api.GET('/api/search', {
          params: {
            query: {
              q,
              ...filters,
              year: filters.year ? Number(filters.year) : undefined,
              sort,
              page,
              pageSize: PAGE_SIZE,
            },
          },
        }),
      ),
    placeholderData: (prev) => prev,
  });

  /** A link to this search with some parameters changed (and back to page 1). */
  const withParams = (changes: Record<string, string | null>, keepPage = false) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!keepPage) next.delete('page');
    return `/search?${next.toString()}`;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(withParams({ q: box.trim() }));
  };

  const data = result.data;
  const activeFilters = Object.entries(filters) as [FacetName, string][];
  const heading = libraryOnly ? t('nav.library') : t('search.title');

  return (
    <div className="search-page">
      <h1 className="page-title">{heading}</h1>
      <search>
        <form className="search-form" onSubmit={submit}>
          <label htmlFor="search-q" className="visually-hidden">
            {t('search.label')}
          </label>
          <input
            id="search-q"
            type="search"
            value={box}
            maxLength={100}
            placeholder={t('search.placeholder')}
            onChange={(e) => setBox(e.target.value)}
          />
          <button type="submit" className="cta cta-primary search-submit">
            {t('search.submit')}
          </button>
        </form>
      </search>
      {activeFilters.length > 0 && (
        <div className="search-active">
          <span>{t('search.active')}</span>
          <ul>
            {activeFilters.map(([f, v]) => (
              <li key={f}>
                <Link
                  to={withParams({ [f]: null })}
                  aria-label={t('search.clearFilter', { name: names.name(f, v) })}
                  className="filter-chip"
                >
                  {names.name(f, v)} <span aria-hidden>×</span>
                </Link>
              </li>
            ))}
          </ul>
          <Link to={q ? `/search?q=${encodeURIComponent(q)}` : '/search'}>
            {t('search.clearAll')}
          </Link>
        </div>
      )}
      <div className="search-layout">
        <div className="search-main">
          {result.isError && <Alert type="error" showIcon title={errorMessage(result.error)} />}
          {result.isPending && <Skeleton active aria-busy />}
          {data && (
            <>
              <div className="search-summary">
                <p role="status">
                  {(() => {
                    // A very broad query's total may be an estimate (PostgreSQL): say "about".
                    const n = data.totalApproximate
                      ? t('search.about', { n: data.total })
                      : data.total;
                    return q ? t('search.countQ', { n, q }) : t('search.count', { n });
                  })()}
                  {data.pinyinWords.length > 0 && (
                    <span className="search-pinyin">
                      {t('search.pinyinAs', {
                        words: data.pinyinWords.map((g) => g.join(' / ')).join(' '),
                      })}
                    </span>
                  )}
                  {data.split && !data.relaxed && (
                    <span className="search-relaxed">{t('search.splitNote')}</span>
                  )}
                  {data.relaxed && (
                    <span className="search-relaxed">
                      {data.exactTotal > 0
                        ? t('search.relaxedSome', { n: data.exactTotal })
                        : t('search.relaxedNone')}
                    </span>
                  )}
                </p>
                <Radio.Group
                  aria-label={t('search.sort')}
                  optionType="button"
                  size="small"
                  value={sort}
                  onChange={(e) =>
                    navigate(withParams({ sort: e.target.value as string }), { replace: false })
                  }
                  options={[
                    { value: 'relevance', label: t('search.sortRelevance') },
                    { value: 'date', label: t('search.sortDate') },
                  ]}
                />
              </div>
              {data.items.length === 0 ? (
                <div className="panel search-empty">
                  <h2>{q ? t('search.noneQ', { q }) : t('search.none')}</h2>
                  <ul>
                    <li>{t('search.tipSpelling')}</li>
                    <li>{t('search.tipWords')}</li>
                    {activeFilters.length > 0 && (
                      <li>
                        <Link to={q ? `/search?q=${encodeURIComponent(q)}` : '/search'}>
                          {t('search.tipFilters')}
                        </Link>
                      </li>
                    )}
                    <li>
                      <Link to="/search?type=work">{t('search.tipLibrary')}</Link>
                    </li>
                  </ul>
                </div>
              ) : (
                <ol className="search-results" aria-label={t('search.results')}>
                  {data.items.map((item) => (
                    <ResultItem key={`${item.type}:${item.id}`} item={item} />
                  ))}
                </ol>
              )}
              {data.total > PAGE_SIZE && (
                <Pagination
                  className="search-pager"
                  current={page}
                  pageSize={PAGE_SIZE}
                  total={Math.min(data.total, PAGE_SIZE * 1000)}
                  showSizeChanger={false}
                  onChange={(p) => {
                    navigate(withParams({ page: String(p) }, true));
                    window.scrollTo({ top: 0 });
                  }}
                />
              )}
            </>
          )}
        </div>
        {data && (
          <aside className="search-facets" aria-label={t('search.filters')}>
            {FACETS.map(({ name, label }) => {
              const values = data.facets[name];
              if (values.length === 0) return null;
              return (
                <section key={name} className="facet" aria-labelledby={`facet-${name}`}>
                  <h2 id={`facet-${name}`}>{t(label)}</h2>
                  <ul>
                    {values.map((v) => {
                      const on = filters[name] === v.value;
                      return (
                        <li key={v.value}>
                          <Link
                            to={withParams({ [name]: on ? null : v.value })}
                            aria-current={on ? 'true' : undefined}
                            className={on ? 'facet-link facet-on' : 'facet-link'}
                          >
                            <span>{names.name(name, v.value)}</span>
                            <span className="facet-count">
                              {data?.facetsApproximate
                                ? t('search.about', { n: v.count })
                                : v.count}
                            </span>
                          </Link>
                        </li>
                      );
                    })}
                  </ul>
                </section>
              );
            })}
          </aside>
        )}
      </div>
    </div>
  );
}

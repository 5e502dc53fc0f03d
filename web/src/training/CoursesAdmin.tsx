import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { formatDate } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';

type Course = Answer<'/api/training/courses', 'get'>['items'][number];
const PAGE_SIZE = 20;

export const STATUS_CLASS: Record<Course['status'], string> = {
  DRAFT: 'state-tag state-tag-plain',
  PUBLISHED: 'state-tag state-tag-ok',
  CLOSED: 'state-tag state-tag-plain',
};

/** 培训管理: the courses of the units I edit or administer. */
export function CoursesPage() {
  const { t, lang } = usePrefs();
  usePageTitle(t('trn.adminTitle'));
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['training-courses', page],
    queryFn: () =>
      call(api.GET('/api/training/courses', { params: { query: { page, pageSize: PAGE_SIZE } } })),
  });
  return (
    <section className="panel" aria-labelledby="trn-h">
      <h1 id="trn-h" className="page-title">
        {t('trn.adminTitle')}
      </h1>
      <p className="muted">{t('trn.adminText')}</p>
      <p className="button-row">
        <Link to="/admin/training/new">
          <Button type="primary">{t('trn.new')}</Button>
        </Link>
      </p>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table<Course>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('trn.none') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          {
            title: t('trn.course'),
            dataIndex: 'title',
            render: (v: string, c) => <Link to={`/admin/training/${c.id}`}>{v}</Link>,
          },
          { title: t('trn.year'), dataIndex: 'year' },
          { title: t('trn.organiser'), dataIndex: 'organisationName' },
          {
            title: t('trn.mode'),
            dataIndex: 'enrolmentMode',
            render: (m: Course['enrolmentMode']) =>
              t(m === 'OPEN' ? 'trn.modeOpen' : 'trn.modeNomination'),
          },
          {
            title: t('trn.places'),
            render: (_, c) => t('trn.takenOf', { taken: c.taken, capacity: c.capacity }),
          },
          {
            title: t('trn.firstSession'),
            dataIndex: 'firstSessionAt',
            render: (v: string | null) => (v ? formatDate(v, lang) : '—'),
          },
          {
            title: t('trn.status'),
            dataIndex: 'status',
            render: (s: Course['status']) => (
              <Tag className={STATUS_CLASS[s]}>{t(`trn.status${s}`)}</Tag>
            ),
          },
        ]}
      />
    </section>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Select, Table } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useMe } from '../lib/auth.ts';
import { formatDate } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';

type Course = Answer<'/api/training/nominatable', 'get'>['items'][number];
type Nomination = Answer<'/api/training/nominations', 'get'>['items'][number];

/** 培训推荐: a unit's administrators nominate their people for courses by nomination. */
export function NominatePage() {
  const { t, lang } = usePrefs();
  usePageTitle(t('trn.nominateTitle'));
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const units = (me.data?.grants ?? []).filter((g) => g.role === 'ORG_ADMIN' && g.organisationId);
  const [courseId, setCourseId] = useState<string | undefined>();
  const [unitId, setUnitId] = useState<string | undefined>(units[0]?.organisationId ?? undefined);
  const [people, setPeople] = useState<string[]>([]);
  const [q, setQ] = useState('');
  const courses = useQuery({
    queryKey: ['training-nominatable'],
    queryFn: () =>
      call(api.GET('/api/training/nominatable', { params: { query: { pageSize: 100 } } })),
  });
  const members = useQuery({
    queryKey: ['training-members', unitId, q],
    queryFn: () =>
      call(
        api.GET('/api/organisations/{id}/members', {
          params: { path: { id: unitId ?? '' }, query: q ? { q } : {} },
        }),
      ),
    enabled: !!unitId,
  });
  const nominations = useQuery({
    queryKey: ['training-nominations'],
    queryFn: () =>
      call(api.GET('/api/training/nominations', { params: { query: { pageSize: 100 } } })),
  });
  const nominate = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/training/courses/{id}/nominations', {
          params: { path: { id: courseId ?? '' } },
          body: { unitId: unitId ?? '', userIds: people },
        }),
      ),
    onSuccess: (r) => {
      message.success(t('trn.nominated', { n: r.items.length }));
      setPeople([]);
      void qc.invalidateQueries({ queryKey: ['training-nominations'] });
      void qc.invalidateQueries({ queryKey: ['training-nominatable'] });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const chosen: Course | undefined = courses.data?.items.find((c) => c.id === courseId);
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="trn-n-h">
        <h1 id="trn-n-h" className="page-title">
          {t('trn.nominateTitle')}
        </h1>
        <p className="muted">{t('trn.nominateText')}</p>
        {courses.isError && <Alert type="error" showIcon title={errorMessage(courses.error)} />}
        {courses.data && courses.data.total === 0 && (
          <p className="muted">{t('trn.noneToNominate')}</p>
        )}
        <div className="form-grid">
          <label htmlFor="trn-n-course">{t('trn.course')}</label>
          <Select
            id="trn-n-course"
            value={courseId}
            onChange={setCourseId}
            style={{ maxWidth: 480 }}
            options={(courses.data?.items ?? []).map((c) => ({
              value: c.id,
              label: `${c.title}（${c.organisationName}，${t('trn.closesOn', { date: formatDate(c.enrolClosesAt, lang) })}）`,
            }))}
          />
          {chosen && (
            <p className="muted">
              {chosen.quotas
                .map((x) =>
                  t('trn.quotaLine', {
                    province: x.provinceName,
                    taken: x.taken,
                    places: x.places,
                  }),
                )
                .join('；')}
            </p>
          )}
          <label htmlFor="trn-n-unit">{t('trn.unit')}</label>
          <Select
            id="trn-n-unit"
            value={unitId}
            onChange={(v) => {
              setUnitId(v);
              setPeople([]);
            }}
            style={{ maxWidth: 480 }}
            options={units.map((g) => ({
              value: g.organisationId!,
              label: g.organisationName ?? '',
            }))}
          />
          <label htmlFor="trn-n-people">{t('trn.people')}</label>
          <Select
            id="trn-n-people"
            mode="multiple"
            value={people}
            onChange={setPeople}
            showSearch={{ filterOption: false, onSearch: setQ }}
            disabled={!unitId}
            style={{ maxWidth: 480 }}
            options={(members.data ?? []).map((p) => ({ value: p.id, label: p.displayName }))}
            placeholder={t('trn.peopleSearch')}
          />
        </div>
        <p className="button-row">
          <Button
            type="primary"
            disabled={!courseId || !unitId || people.length === 0}
            loading={nominate.isPending}
            onClick={() => nominate.mutate()}
          >
            {t('trn.nominate')}
          </Button>
        </p>
      </section>
      <section className="panel" aria-labelledby="trn-n2-h">
        <h2 id="trn-n2-h">{t('trn.myNominations')}</h2>
        <Table<Nomination>
          rowKey="id"
          loading={nominations.isPending}
          dataSource={nominations.data?.items ?? []}
          locale={{ emptyText: t('trn.noNominations') }}
          pagination={false}
          columns={[
            { title: t('trn.person'), dataIndex: 'name' },
            { title: t('trn.unit'), dataIndex: 'unitName' },
            { title: t('trn.course'), dataIndex: 'courseTitle' },
            {
              title: t('trn.status'),
              dataIndex: 'status',
              render: (s: Nomination['status']) => t(`trn.enrolment${s}`),
            },
          ]}
        />
      </section>
    </div>
  );
}

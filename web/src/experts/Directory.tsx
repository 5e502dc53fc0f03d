import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Select, Skeleton, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, call } from '../api/client.ts';
import type { paths } from '../api/schema.d.ts';
import type { Answer } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useMe } from '../lib/auth.ts';
import { useConfirm } from '../lib/confirm.tsx';
import { formatCalendarDate, formatDate } from '../lib/dates.ts';
import { DivisionCascader } from '../lib/form-inputs.tsx';
import { errorMessage } from '../lib/forms.ts';
import { useRefName, useRefOptions } from '../lib/reference.ts';
import { AVAILABILITY, RANKS, SERVICES } from './ExpertProfile.tsx';
import { InvitationsPanel, InviteDialog, mayInvite } from './Invitations.tsx';

type Query = paths['/api/experts']['get']['parameters']['query'];
type Row = Answer<'/api/experts', 'get'>['items'][number];
const PAGE_SIZE = 20;
const SORTS = ['name', 'load', '-load', 'rank'] as const;

/**
 * 科普专家库: the directory for the office and units, filtered in the address (shareable); for
 * administrators also the e-mail invitations to join it (邀请专家, `?tab=invitations`).
 */
export function ExpertDirectoryPage() {
  const { t } = usePrefs();
  usePageTitle(t('ex.directory'));
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'invitations' ? 'invitations' : 'experts';
  const [inviting, setInviting] = useState(false);
  if (!me.data || !mayInvite(me.data))
    return (
      <>
        <h1>{t('ex.directory')}</h1>
        <p className="muted">{t('ex.directoryText')}</p>
        <DirectoryList />
      </>
    );
  return (
    <>
      <h1>{t('ex.directory')}</h1>
      <p className="muted">{t('ex.directoryText')}</p>
      <div className="toolbar">
        <Button type="primary" onClick={() => setInviting(true)}>
          {t('exInv.create')}
        </Button>
      </div>
      {inviting && (
        <InviteDialog
          me={me.data}
          onClose={(sent) => {
            setInviting(false);
            if (sent) setParams({ tab: 'invitations' });
          }}
        />
      )}
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'invitations' ? { tab: k } : {})}
        items={[
          { key: 'experts', label: t('exInv.tab.experts'), children: <DirectoryList /> },
          { key: 'invitations', label: t('exInv.tab.invitations'), children: <InvitationsPanel /> },
        ]}
      />
    </>
  );
}

/** The directory's filters and table. */
function DirectoryList() {
  const { t } = usePrefs();
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k) ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const hazards = useRefOptions('HAZARD_TYPE');
  const sectors = useRefOptions('SECTOR');
  const hazardName = useRefName('HAZARD_TYPE');
  const query = {
    ...(get('q') ? { q: get('q') } : {}),
    ...(get('hazard') ? { hazard: [get('hazard')] } : {}),
    ...(get('sector') ? { sector: [get('sector')] } : {}),
    ...(get('region') ? { region: get('region') } : {}),
    ...(get('rank') ? { rank: [get('rank')] } : {}),
    ...(get('service') ? { service: [get('service')] } : {}),
    ...(get('availability') ? { availability: [get('availability')] } : {}),
    ...(get('verified') ? { verified: get('verified') } : {}),
    sort: (get('sort') || 'name') as (typeof SORTS)[number],
    page,
    pageSize: PAGE_SIZE,
  } as Query;
  const list = useQuery({
    queryKey: ['experts', 'directory', params.toString()],
    queryFn: () => call(api.GET('/api/experts', { params: { query } })),
    placeholderData: (prev) => prev,
  });
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    next.delete('page');
    setParams(next);
  };
  const any = (key: MessageKey) => ({ value: '', label: t(key) });
  return (
    <>
      <div className="filter-bar">
        <Input.Search
          aria-label={t('ex.q')}
          placeholder={t('ex.q')}
          defaultValue={get('q')}
          allowClear
          enterButton={t('ex.search')}
          onSearch={(v) => set('q', v.trim())}
          style={{ maxWidth: 320 }}
        />
        <Select
          aria-label={t('ex.hazards')}
          value={get('hazard')}
          onChange={(v) => set('hazard', v)}
          options={[any('ex.anyHazard'), ...hazards.options]}
          style={{ minWidth: 150 }}
        />
        <Select
          aria-label={t('ex.sectors')}
          value={get('sector')}
          onChange={(v) => set('sector', v)}
          options={[any('ex.anySector'), ...sectors.options]}
          style={{ minWidth: 150 }}
        />
        <div className="filter-division">
          <label htmlFor="expert-region" className="visually-hidden">
            {t('ex.regionFilter')}
          </label>
          <DivisionCascader
            id="expert-region"
            f={{}}
            value={get('region') || undefined}
            onChange={(v) => set('region', (v as string | undefined) ?? '')}
          />
        </div>
        <Select
          aria-label={t('ex.rank')}
          value={get('rank')}
          onChange={(v) => set('rank', v)}
          options={[
            any('ex.anyRank'),
            ...RANKS.map((r) => ({ value: r, label: t(`expert.rank.${r}` as MessageKey) })),
          ]}
          style={{ minWidth: 120 }}
        />
        <Select
          aria-label={t('ex.services')}
          value={get('service')}
          onChange={(v) => set('service', v)}
          options={[
            any('ex.anyService'),
            ...SERVICES.map((s) => ({ value: s, label: t(`expert.service.${s}` as MessageKey) })),
          ]}
          style={{ minWidth: 120 }}
        />
        <Select
          aria-label={t('ex.availability')}
          value={get('availability')}
          onChange={(v) => set('availability', v)}
          options={[
            any('ex.anyAvailability'),
            ...AVAILABILITY.map((s) => ({
              value: s,
              label: t(`expert.availability.${s}` as MessageKey),
            })),
          ]}
          style={{ minWidth: 130 }}
        />
        <Select
          aria-label={t('ex.col.verified')}
          value={get('verified')}
          onChange={(v) => set('verified', v)}
          options={[
            any('ex.anyVerified'),
            { value: 'yes', label: t('ex.verifiedOnly') },
            { value: 'no', label: t('ex.unverifiedOnly') },
          ]}
          style={{ minWidth: 120 }}
        />
        <Select
          aria-label={t('ex.sort')}
          value={get('sort') || 'name'}
          onChange={(v) => set('sort', v === 'name' ? '' : v)}
          options={SORTS.map((s) => ({ value: s, label: t(`ex.sort.${s}` as MessageKey) }))}
          style={{ minWidth: 140 }}
        />
      </div>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      {list.data && <p className="muted">{t('ex.count', { n: list.data.total })}</p>}
      <Table<Row>
        rowKey="userId"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('ex.none') }}
        scroll={{ x: true }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (p) => {
            const next = new URLSearchParams(params);
            if (p > 1) next.set('page', String(p));
            else next.delete('page');
            setParams(next);
          },
        }}
        columns={[
          {
            title: t('ex.col.name'),
            key: 'name',
            render: (_, r) => (
              <>
                <Link to={`/admin/experts/${r.userId}`}>{r.displayName}</Link>
                {r.signIn !== 'OK' && (
                  <Tag className="tag-after">
                    {t(r.signIn === 'DISABLED' ? 'ex.disabled' : 'ex.noSignIn')}
                  </Tag>
                )}
              </>
            ),
          },
          {
            title: t('ex.col.title'),
            key: 'title',
            render: (_, r) =>
              [r.title, r.rank ? t(`expert.rank.${r.rank}` as MessageKey) : '']
                .filter(Boolean)
                .join(' · '),
          },
          { title: t('ex.col.org'), dataIndex: 'organisationName' },
          {
            title: t('ex.col.hazards'),
            key: 'hazards',
            render: (_, r) => r.hazards.map(hazardName).join('、'),
          },
          {
            title: t('ex.col.regions'),
            key: 'regions',
            render: (_, r) => r.regionNames.map((x) => x.label).join('、'),
          },
          {
            title: t('ex.col.availability'),
            key: 'availability',
            render: (_, r) => t(`expert.availability.${r.availability}` as MessageKey),
          },
          { title: t('ex.col.load'), dataIndex: 'load', align: 'right' },
          {
            title: t('ex.col.verified'),
            key: 'verified',
            render: (_, r) =>
              r.verified ? (
                <Tag className="state-tag state-tag-ok">{t('ex.verified')}</Tag>
              ) : (
                t('ex.unverified')
              ),
          },
        ]}
      />
    </>
  );
}

/** One expert for the directory's readers: the whole profile, and verification for their unit. */
export function ExpertDetailPage() {
  const { t, lang } = usePrefs();
  const { userId = '' } = useParams();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { confirm, dialog } = useConfirm();
  const [busy, setBusy] = useState(false);
  const q = useQuery({
    queryKey: ['expert', userId],
    queryFn: () => call(api.GET('/api/experts/{userId}', { params: { path: { userId } } })),
  });
  const sector = useRefName('SECTOR');
  const topic = useRefName('TOPIC');
  const hazard = useRefName('HAZARD_TYPE');
  usePageTitle(q.data?.displayName ?? t('ex.directory'));
  if (q.isError) return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  if (!q.data) return <Skeleton active aria-busy />;
  const e = q.data;
  const rank = e.rank ? t(`expert.rank.${e.rank}` as MessageKey) : t('ex.noRank');
  async function verify(verified: boolean) {
    const name = e.displayName;
    const ok = await confirm(
      verified
        ? {
            title: t('ex.verifyConfirm.title', { name }),
            body: t('ex.verifyConfirm.body', { name, rank, org: e.organisationName ?? '' }),
            action: t('ex.verify'),
          }
        : {
            title: t('ex.unverifyConfirm.title', { name }),
            body: t('ex.unverifyConfirm.body', { name }),
            action: t('ex.unverify'),
            danger: true,
          },
    );
    if (!ok) return;
    setBusy(true);
    try {
      const next = await call(
        api.POST('/api/experts/{userId}/verification', {
          params: { path: { userId } },
          body: { verified },
        }),
      );
      qc.setQueryData(['expert', userId], next);
      await qc.invalidateQueries({ queryKey: ['experts'] });
      message.success(t(verified ? 'ex.verifyDone' : 'ex.unverifyDone'));
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  const row = (label: MessageKey, value: string) =>
    value ? (
      <>
        <dt>{t(label)}</dt>
        <dd>{value}</dd>
      </>
    ) : null;
  return (
    <>
      <p>
        <Link to="/admin/experts">{t('ex.back')}</Link>
      </p>
      <h1>{e.displayName}</h1>
      <p className="muted">
        {[e.title, rank, e.organisationName ?? t('ex.noOrg')].filter(Boolean).join(' · ')}
      </p>
      <p>
        {e.verified
          ? t('ex.verifiedBy', {
              org: e.verified.organisationName,
              name: e.verified.byName,
              date: formatDate(e.verified.at, lang),
            })
          : t('ex.notVerified')}
        {e.publicProfile && (
          <>
            {' · '}
            <Link to={`/experts/${e.userId}`}>{t('ex.public.yes')}</Link>
          </>
        )}
      </p>
      {e.canVerify && (
        <p>
          <Link to={`/admin/record?userId=${e.userId}`}>{t('ex.record')}</Link>
        </p>
      )}
      {e.canVerify && (
        <div className="button-row">
          {e.verified ? (
            <Button danger loading={busy} onClick={() => verify(false)}>
              {t('ex.unverify')}
            </Button>
          ) : (
            <Button type="primary" loading={busy} onClick={() => verify(true)}>
              {t('ex.verify')}
            </Button>
          )}
        </div>
      )}
      <dl className="detail-list">
        {row('ex.sectors', e.sectors.map(sector).join('、'))}
        {row('ex.topics', e.topics.map(topic).join('、'))}
        {row('ex.hazards', e.hazards.map(hazard).join('、'))}
        {row('ex.regions', e.regionNames.map((r) => r.label).join('、'))}
        {row('ex.languages', e.languages.join('、'))}
        {row(
          'ex.services',
          e.services.map((s) => t(`expert.service.${s}` as MessageKey)).join('、'),
        )}
        {row(
          'ex.availability',
          [
            t(`expert.availability.${e.availability}` as MessageKey),
            e.availabilityNote,
            e.availableUntil ? formatCalendarDate(e.availableUntil, lang) : '',
          ]
            .filter(Boolean)
            .join(' · '),
        )}
        {row('ex.bio', e.bio)}
        {row('ex.works', e.works.map((w) => w.title).join('、'))}
        {row(
          'ex.publications',
          e.publications
            .map((p) => [p.title, p.venue, p.year].filter(Boolean).join('，'))
            .join('；'),
        )}
        {row(
          'ex.ties',
          e.ties
            .map((x) => `${x.organisationName}（${t(`ex.tieKindName.${x.kind}` as MessageKey)}）`)
            .join('、'),
        )}
      </dl>
      {dialog}
    </>
  );
}

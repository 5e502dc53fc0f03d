import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Select, Skeleton, Steps, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { ExpertPicker } from '../experts/ExpertPicker.tsx';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useConfirm } from '../lib/confirm.tsx';
import { formatDate, todayInChina } from '../lib/dates.ts';
import { OrganisationPicker } from '../lib/form-inputs.tsx';
import { applyServerError, errorMessage } from '../lib/forms.ts';
import { useProvinces, useRefOptions } from '../lib/reference.ts';
import { STATUS_CLASS } from './Admin.tsx';

type Debunk = Answer<'/api/debunks/{id}', 'get'>;
type Status = Debunk['status'];
type Values = {
  organisationId: string;
  kind: Debunk['kind'];
  title: string;
  summary?: string;
  claims: { rumour: string; truth: string }[];
  authority?: string;
  sources: { platform?: string; account?: string; link?: string }[];
  hazard?: string;
  divisionCode?: string;
  date: string;
};
type Expert = { userId: string; name: string; public: boolean };

const VERDICTS: Status[] = ['DEBUNKED', 'CONFIRMED', 'PARTIAL'];

function initialOf(d: Debunk | undefined): Partial<Values> {
  if (!d)
    return {
      kind: 'DEBUNK',
      claims: [{ rumour: '', truth: '' }],
      sources: [],
      date: todayInChina(),
    };
  return {
    organisationId: d.organisationId,
    kind: d.kind,
    title: d.title,
    summary: d.summary,
    claims: d.claims,
    authority: d.authority,
    sources: d.sources,
    hazard: d.hazard ?? '',
    divisionCode: d.divisionCode ?? '',
    date: d.date,
  };
}

/** /admin/debunks/new and /admin/debunks/:id: the entry, its verification steps, publishing. */
export function DebunkEditorPage() {
  const { id } = useParams();
  const one = useQuery({
    queryKey: ['debunk', id],
    queryFn: () => call(api.GET('/api/debunks/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
  if (id && one.isPending) return <Skeleton active aria-busy />;
  if (id && one.isError) return <Alert type="error" showIcon title={errorMessage(one.error)} />;
  return <Editor key={one.data?.updatedAt ?? 'new'} debunk={one.data} />;
}

function Editor({ debunk }: { debunk: Debunk | undefined }) {
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { confirm, dialog } = useConfirm();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);
  const [experts, setExperts] = useState<Expert[]>(debunk?.experts ?? []);
  const hazards = useRefOptions('HAZARD_TYPE');
  const provinces = useProvinces();
  usePageTitle(debunk ? t('dbkAdmin.editTitle') : t('dbkAdmin.newTitle'));
  const readOnly = !!debunk && !debunk.canEdit;

  const refresh = (d: Debunk) => {
    qc.setQueryData(['debunk', d.id], d);
    void qc.invalidateQueries({ queryKey: ['debunks'] });
  };
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        organisationId: v.organisationId,
        kind: v.kind,
        title: v.title,
        summary: v.summary ?? '',
        claims: v.claims,
        authority: v.authority ?? '',
        expertIds: experts.map((e) => e.userId),
        sources: (v.sources ?? []).map((s) => ({
          platform: s.platform ?? '',
          account: s.account ?? '',
          link: s.link ?? '',
        })),
        hazard: v.hazard || null,
        divisionCode: v.divisionCode || null,
        date: v.date,
      };
      return debunk
        ? call(api.PUT('/api/debunks/{id}', { params: { path: { id: debunk.id } }, body }))
        : call(api.POST('/api/debunks', { body }));
    },
    onSuccess: (d) => {
      message.success(t('dbkAdmin.saved'));
      refresh(d);
      if (!debunk) navigate(`/admin/debunks/${d.id}`, { replace: true });
    },
    onError: (e) => setProblem(applyServerError(form, e)),
  });
  const step = useMutation({
    mutationFn: (status: Status) =>
      call(
        api.POST('/api/debunks/{id}/status', {
          params: { path: { id: debunk!.id } },
          body: { status },
        }),
      ),
    onSuccess: refresh,
    onError: (e) => message.error(errorMessage(e)),
  });
  const publish = useMutation({
    mutationFn: (on: boolean) =>
      call(
        on
          ? api.POST('/api/debunks/{id}/publish', { params: { path: { id: debunk!.id } } })
          : api.POST('/api/debunks/{id}/unpublish', { params: { path: { id: debunk!.id } } }),
      ),
    onSuccess: refresh,
    onError: (e) => message.error(errorMessage(e)),
  });

  const status = debunk?.status ?? 'DETECTED';
  const current = status === 'DETECTED' ? 0 : status === 'VERIFYING' ? 1 : 2;
  return (
    <section className="panel" aria-labelledby="dbk-edit-h">
      {dialog}
      <p>
        <Link to="/admin/debunks">{t('dbkAdmin.back')}</Link>
      </p>
      <h1 id="dbk-edit-h" className="page-title">
        {debunk ? t('dbkAdmin.editTitle') : t('dbkAdmin.newTitle')}
      </h1>
      {debunk && (
        <section aria-labelledby="dbk-steps-h" className="stack">
          <h2 id="dbk-steps-h">{t('dbkAdmin.steps')}</h2>
          <Steps
            size="small"
            current={current}
            items={[
              { title: t('dbkAdmin.statusDETECTED') },
              { title: t('dbkAdmin.statusVERIFYING') },
              {
                title: VERDICTS.includes(status)
                  ? t(`dbkAdmin.status${status}` as MessageKey)
                  : t('dbkAdmin.steps'),
              },
            ]}
          />
          <p>
            <Tag className={STATUS_CLASS[status]}>
              {t(`dbkAdmin.status${status}` as MessageKey)}
            </Tag>
            {debunk.publishedAt
              ? `${t('dbkAdmin.published')} · ${formatDate(debunk.publishedAt, lang)}`
              : t('dbkAdmin.notPublished')}{' '}
            · {t('dbkAdmin.linkedReports', { n: debunk.reports })}
          </p>
          {debunk.canEdit && (
            <div className="button-row">
              {status === 'DETECTED' && (
                <Button loading={step.isPending} onClick={() => step.mutate('VERIFYING')}>
                  {t('dbkAdmin.toVERIFYING')}
                </Button>
              )}
              {status === 'VERIFYING' &&
                VERDICTS.map((v) => (
                  <Button
                    key={v}
                    loading={step.isPending}
                    onClick={async () => {
                      const label = t(`dbkAdmin.to${v}` as MessageKey);
                      if (
                        await confirm({
                          title: t('dbkAdmin.verdictConfirm', { verdict: label }),
                          body: t('dbkAdmin.verdictBody'),
                          action: label,
                        })
                      )
                        step.mutate(v);
                    }}
                  >
                    {t(`dbkAdmin.to${v}` as MessageKey)}
                  </Button>
                ))}
              {VERDICTS.includes(status) && !debunk.publishedAt && (
                <Button
                  type="primary"
                  loading={publish.isPending}
                  onClick={async () => {
                    if (
                      await confirm({
                        title: t('dbkAdmin.publishConfirm', { title: debunk.title }),
                        body: t('dbkAdmin.publishBody'),
                        action: t('dbkAdmin.publish'),
                      })
                    )
                      publish.mutate(true);
                  }}
                >
                  {t('dbkAdmin.publish')}
                </Button>
              )}
              {debunk.publishedAt && (
                <>
                  <Link to={`/debunks/${debunk.id}`}>{t('dbkAdmin.viewPublic')}</Link>
                  <Button
                    danger
                    loading={publish.isPending}
                    onClick={async () => {
                      if (
                        await confirm({
                          title: t('dbkAdmin.unpublishConfirm', { title: debunk.title }),
                          body: t('dbkAdmin.unpublishBody'),
                          action: t('dbkAdmin.unpublish'),
                          danger: true,
                        })
                      )
                        publish.mutate(false);
                    }}
                  >
                    {t('dbkAdmin.unpublish')}
                  </Button>
                </>
              )}
            </div>
          )}
        </section>
      )}
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={readOnly}
        initialValues={initialOf(debunk)}
        onFinish={(v) => {
          setProblem(null);
          save.mutate(v);
        }}
      >
        <Form.Item
          name="organisationId"
          label={t('dbkAdmin.owner')}
          rules={[{ required: true, message: t('dbkAdmin.ownerRequired') }]}
        >
          <OrganisationPicker />
        </Form.Item>
        <Form.Item name="kind" label={t('dbkAdmin.kind')} rules={[{ required: true }]}>
          <Select
            options={(['DEBUNK', 'EXPLAINER', 'NOTICE'] as const).map((k) => ({
              value: k,
              label: t(`dbk.kind${k}` as MessageKey),
            }))}
            style={{ maxWidth: 200 }}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('dbkAdmin.headline')}
          rules={[{ required: true, whitespace: true, message: t('dbkAdmin.headlineRequired') }]}
        >
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="summary" label={t('dbkAdmin.summary')}>
          <Input.TextArea maxLength={1000} rows={2} />
        </Form.Item>
        <h2>{t('dbkAdmin.claims')}</h2>
        <Form.List name="claims">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row, i) => (
                <fieldset key={row.key} className="stack debunk-claim-row">
                  <legend>
                    {rows.length > 1 ? t('dbk.claimN', { n: i + 1 }) : t('dbk.claimOne')}
                  </legend>
                  <Form.Item
                    name={[row.name, 'rumour']}
                    label={t('dbkAdmin.claimRumour')}
                    rules={[
                      { required: true, whitespace: true, message: t('dbkAdmin.claimRequired') },
                    ]}
                  >
                    <Input.TextArea maxLength={2000} rows={2} />
                  </Form.Item>
                  <Form.Item
                    name={[row.name, 'truth']}
                    label={t('dbkAdmin.claimTruth')}
                    rules={[
                      { required: true, whitespace: true, message: t('dbkAdmin.claimRequired') },
                    ]}
                  >
                    <Input.TextArea maxLength={4000} rows={3} />
                  </Form.Item>
                  {rows.length > 1 && (
                    <Button onClick={() => remove(row.name)}>{t('dbkAdmin.removeRow')}</Button>
                  )}
                </fieldset>
              ))}
              <Button onClick={() => add({ rumour: '', truth: '' })}>
                {t('dbkAdmin.addClaim')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="authority" label={t('dbkAdmin.authority')} style={{ marginTop: 16 }}>
          <Input maxLength={120} placeholder={t('dbkAdmin.authorityHint')} />
        </Form.Item>
        <h2>{t('dbkAdmin.experts')}</h2>
        {experts.length > 0 && (
          <ul>
            {experts.map((e) => (
              <li key={e.userId}>
                {e.name}
                {!e.public && <span className="muted">{t('dbkAdmin.expertPrivate')}</span>}{' '}
                {!readOnly && (
                  <Button
                    size="small"
                    onClick={() => setExperts(experts.filter((x) => x.userId !== e.userId))}
                  >
                    {t('dbkAdmin.removeRow')}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
        {!readOnly && (
          <Form.Item label={t('dbkAdmin.addExpert')} htmlFor="dbk-expert">
            <ExpertPicker
              id="dbk-expert"
              value={undefined}
              onChange={(userId, chosen) => {
                if (!userId || experts.some((e) => e.userId === userId)) return;
                setExperts([...experts, { userId, name: chosen?.displayName ?? '', public: true }]);
              }}
            />
          </Form.Item>
        )}
        <h2>{t('dbkAdmin.sources')}</h2>
        <Form.List name="sources">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row) => (
                <div key={row.key} className="button-row">
                  <Form.Item name={[row.name, 'platform']} label={t('dbkAdmin.sourcePlatform')}>
                    <Input maxLength={60} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'account']} label={t('dbkAdmin.sourceAccount')}>
                    <Input maxLength={120} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'link']} label={t('dbkAdmin.sourceLink')}>
                    <Input maxLength={500} />
                  </Form.Item>
                  <Button onClick={() => remove(row.name)}>{t('dbkAdmin.removeRow')}</Button>
                </div>
              ))}
              <Button onClick={() => add({ platform: '', account: '', link: '' })}>
                {t('dbkAdmin.addSource')}
              </Button>
            </>
          )}
        </Form.List>
        <div className="button-row" style={{ marginTop: 16 }}>
          <Form.Item name="hazard" label={t('dbkAdmin.hazard')}>
            <Select
              options={[{ value: '', label: t('dbkAdmin.noHazard') }, ...hazards.options]}
              style={{ minWidth: 160 }}
            />
          </Form.Item>
          <Form.Item name="divisionCode" label={t('dbkAdmin.region')}>
            <Select
              options={[
                { value: '', label: t('dbkAdmin.wholeCountry') },
                ...(provinces.data ?? []).map((p) => ({ value: p.code, label: p.name })),
              ]}
              style={{ minWidth: 160 }}
            />
          </Form.Item>
          <Form.Item name="date" label={t('dbkAdmin.date')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
        </div>
        {!readOnly && (
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('dbkAdmin.save')}
          </Button>
        )}
      </Form>
    </section>
  );
}

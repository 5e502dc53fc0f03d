import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Select, Skeleton } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Me, Media } from '../api/types.ts';
import { ExpertPicker } from '../experts/ExpertPicker.tsx';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useConfirm } from '../lib/confirm.tsx';
import { FormFields } from '../lib/FormFields.tsx';
import { errorMessage } from '../lib/forms.ts';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { useRefOptions } from '../lib/reference.ts';
import { MediaPicker } from '../media/MediaPicker.tsx';
import type { Call, Item } from './shared.ts';
import { useReviewSubject } from './subjects.ts';

interface Values {
  organisationId?: string;
  subjectId?: string;
  title: string;
  sectors?: string[];
  topics?: string[];
  data: Record<string, unknown>;
  attachments: Record<string, Media[]>;
}

/** Units where the person may apply (member, editor, admin grants). */
function useApplicantUnits(me: Me) {
  return useMemo(() => {
    const seen = new Map<string, string>();
    for (const g of me.grants)
      if (['MEMBER', 'EDITOR', 'ORG_ADMIN'].includes(g.role) && g.organisationId)
        seen.set(g.organisationId, g.organisationName ?? g.organisationId);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [me]);
}

function ApplyForm({ me, c, item }: { me: Me; c: Call; item: Item | null }) {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { confirm, dialog } = useConfirm();
  const units = useApplicantUnits(me);
  const sectors = useRefOptions('SECTOR');
  const topics = useRefOptions('TOPIC');
  const chosen = Form.useWatch('organisationId', form);
  const unitId = item?.applicantOrgId ?? chosen;
  const subject = useReviewSubject(c.subjectKind);
  // A person's application is a nomination: the unit names the person from the directory.
  const nominates = subject?.applicants === 'PERSON';
  const aboutBase = !!subject?.aboutExisting && !nominates;
  const myBases = useQuery({
    queryKey: ['bases', 'mine'],
    queryFn: () => call(api.GET('/api/bases', { params: { query: { pageSize: 100 } } })),
    enabled: aboutBase && !item,
  });
  const req = (field: string) => ({ required: true, message: t('form.required', { field }) });

  const save = useFormMutation(form, {
    mutationFn: async ({ v, submit }: { v: Values; submit: boolean }) => {
      const body = {
        title: v.title.trim(),
        data: Object.fromEntries(
          Object.entries(v.data ?? {}).filter(([, x]) => x !== undefined && x !== null && x !== ''),
        ),
        attachments: Object.fromEntries(
          Object.entries(v.attachments ?? {}).map(([k, list]) => [
            k,
            (list ?? []).map((m) => m.id),
          ]),
        ),
        sectors: v.sectors ?? [],
        topics: v.topics ?? [],
      };
      const saved = item
        ? await call(
            api.PATCH('/api/review-items/{id}', { params: { path: { id: item.id } }, body }),
          )
        : await call(
            api.POST('/api/review-calls/{id}/items', {
              params: { path: { id: c.id } },
              body: {
                ...body,
                organisationId: v.organisationId ?? '',
                ...(v.subjectId ? { subjectId: v.subjectId } : {}),
              },
            }),
          );
      if (submit)
        await call(
          api.POST('/api/review-items/{id}/submit', { params: { path: { id: saved.id } } }),
        );
      return saved;
    },
    onSuccess: async (saved, { submit }) => {
      message.success(submit ? t('rv.submitted') : t('rv.draftSaved'));
      await qc.invalidateQueries({ queryKey: ['review-items'] });
      await qc.invalidateQueries({ queryKey: ['review-item', saved.id] });
      navigate(`/admin/review-items/${saved.id}`);
    },
  });
  const saving = save.isPending ? (save.variables?.submit ? 'submit' : 'save') : null;

  async function send(submit: boolean) {
    save.setAlert(null);
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      save.setAlert(t('works.fixErrors'));
      return;
    }
    const go =
      !submit ||
      (await confirm({
        title: t('confirm.submit.title', { title: v.title.trim() }),
        body: t('confirm.submit.body'),
        action: t('confirm.submit.ok'),
      }));
    if (go) save.mutate({ v, submit });
  }

  return (
    <Form<Values>
      form={form}
      name="application"
      layout="vertical"
      requiredMark
      initialValues={
        item
          ? {
              title: item.title,
              sectors: item.sectors,
              topics: item.topics,
              data: item.data,
              attachments: item.attachments,
            }
          : {
              organisationId: units.length === 1 ? units[0]?.value : undefined,
              data: {},
              attachments: {},
            }
      }
    >
      <FormAlert text={save.alert} />
      {!item && (
        <Form.Item label={t('rv.applicant')} name="organisationId" rules={[req(t('rv.applicant'))]}>
          <Select options={units} />
        </Form.Item>
      )}
      {aboutBase && !item && (
        <Form.Item label={t('rv.theBase')} name="subjectId" rules={[req(t('rv.theBase'))]}>
          <Select
            loading={myBases.isPending}
            options={(myBases.data?.items ?? []).map((b) => ({ value: b.id, label: b.name }))}
            onChange={(id: string) => {
              const b = myBases.data?.items.find((x) => x.id === id);
              if (b) form.setFieldValue('title', `${b.name}（${c.title}）`);
            }}
          />
        </Form.Item>
      )}
      {nominates && !item && (
        <Form.Item
          label={t('rv.nominee')}
          name="subjectId"
          rules={[req(t('rv.nominee'))]}
          extra={t('rv.nomineeHelp')}
        >
          <ExpertPicker
            onChange={(_, x) => {
              if (x)
                form.setFieldValue(
                  'title',
                  x.organisationName ? `${x.displayName}（${x.organisationName}）` : x.displayName,
                );
            }}
          />
        </Form.Item>
      )}
      <Form.Item
        label={t('rv.itemTitle')}
        name="title"
        rules={[req(t('rv.itemTitle'))]}
        extra={t('rv.itemTitleHelp')}
      >
        <Input maxLength={120} />
      </Form.Item>
      <FormFields fields={c.form.fields} unitId={unitId} />
      {c.form.attachments.map((a) => (
        <Form.Item
          key={a.key}
          label={a.label}
          name={['attachments', a.key]}
          rules={
            a.required
              ? [
                  {
                    required: true,
                    type: 'array',
                    min: 1,
                    message: t('rv.attachmentRequired', { name: a.label }),
                  },
                ]
              : []
          }
        >
          <MediaPicker
            organisationId={unitId}
            kind={a.kinds.length === 1 ? a.kinds[0] : undefined}
            max={a.maxFiles}
            label={a.label}
          />
        </Form.Item>
      ))}
      <Form.Item label={t('refKind.SECTOR')} name="sectors">
        <Select
          mode="multiple"
          allowClear
          loading={sectors.loading}
          options={sectors.options}
          optionFilterProp="label"
        />
      </Form.Item>
      <Form.Item label={t('refKind.TOPIC')} name="topics" extra={t('rv.specialtyHelp')}>
        <Select
          mode="multiple"
          allowClear
          loading={topics.loading}
          options={topics.options}
          optionFilterProp="label"
        />
      </Form.Item>
      <div className="button-row">
        {dialog}
        <Button loading={saving === 'save'} onClick={() => send(false)}>
          {t('rv.saveDraft')}
        </Button>
        <Button type="primary" loading={saving === 'submit'} onClick={() => send(true)}>
          {t('rv.submit')}
        </Button>
        <Link to={item ? `/admin/review-items/${item.id}` : `/admin/reviews/${c.id}`}>
          {t('form.cancel')}
        </Link>
      </div>
    </Form>
  );
}

/** New application (/admin/reviews/:id/apply) or a draft being edited (/admin/review-items/:id/edit). */
export function ApplyPage({ me }: { me: Me }) {
  const { t } = usePrefs();
  const { id = '', itemId } = useParams();
  const item = useQuery({
    queryKey: ['review-item', itemId],
    queryFn: () =>
      call(api.GET('/api/review-items/{id}', { params: { path: { id: itemId ?? '' } } })),
    enabled: !!itemId,
  });
  const callId = itemId ? item.data?.callId : id;
  const c = useQuery({
    queryKey: ['review-call', callId],
    queryFn: () =>
      call(api.GET('/api/review-calls/{id}', { params: { path: { id: callId ?? '' } } })),
    enabled: !!callId,
  });
  const title = itemId ? t('rv.editApplication') : t('rv.newApplication');
  usePageTitle(title);
  const err = c.error ?? item.error;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/reviews">{t('rv.calls')}</Link>
        {c.data && (
          <>
            {' / '}
            <Link to={`/admin/reviews/${c.data.id}`}>{c.data.title}</Link>
          </>
        )}
      </p>
      <h1>{title}</h1>
      {err && <Alert type="error" showIcon title={errorMessage(err)} />}
      {!c.data || (itemId && !item.data) ? (
        !err && <Skeleton active aria-busy />
      ) : (
        <ApplyForm me={me} c={c.data} item={itemId ? (item.data ?? null) : null} />
      )}
    </>
  );
}

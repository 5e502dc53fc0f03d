import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Select, Skeleton, Space } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { useUnitsWithRole } from '../admin/shared.ts';
import { api, call } from '../api/client.ts';
import type { Me, Media } from '../api/types.ts';
import { usePageTitle, useT } from '../i18n/index.tsx';
import { errorMessage } from '../lib/forms.ts';
import { RichTextEditor } from '../lib/LazyRichTextEditor.tsx';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { useProvinces, useRefOptions } from '../lib/reference.ts';
import { MediaPicker } from '../media/MediaPicker.tsx';
import { AuthorAccountSelect } from './AuthorAccountSelect.tsx';
import { AUTHOR_ROLES, type AuthorRole, type Work } from './shared.ts';

interface Values {
  organisationId?: string;
  type: string;
  title: string;
  summary?: string;
  body?: string;
  authors?: { name: string; role: AuthorRole; userId?: string | null }[];
  sectors?: string[];
  topics?: string[];
  audiences?: string[];
  themeDays?: string[];
  regions?: string[];
  language: Work['language'];
  licence?: string;
  source?: string;
  isbn?: string;
  issn?: string;
  publicationDate?: string;
  cover?: Media[];
  media?: Media[];
  note?: string;
}

const WRITERS = ['MEMBER', 'EDITOR', 'ORG_ADMIN'] as const;

const LANGUAGES: Work['language'][] = ['zh-CN', 'en-US', 'bo', 'ug', 'mn', 'other'];

function valuesOf(w: Work): Values {
  return {
    type: w.type,
    title: w.title,
    summary: w.summary,
    body: w.body,
    authors: w.authors.map((a) => ({ name: a.name, role: a.role, userId: a.userId ?? null })),
    sectors: w.sectors,
    topics: w.topics,
    audiences: w.audiences,
    themeDays: w.themeDays,
    regions: w.regions,
    language: w.language,
    licence: w.licence ?? '',
    source: w.source ?? '',
    isbn: w.isbn ?? '',
    issn: w.issn ?? '',
    publicationDate: w.publicationDate ?? '',
    cover: w.cover ? [w.cover] : [],
    media: w.media,
  };
}

const orNull = (s: string | undefined) => (s?.trim() ? s.trim() : null);

function contentOf(v: Values) {
  return {
    type: v.type,
    title: v.title.trim(),
    summary: (v.summary ?? '').trim(),
    body: v.body ?? '',
    authors: (v.authors ?? [])
      .filter((a) => a?.name?.trim())
      .map((a) => ({ name: a.name.trim(), role: a.role, userId: a.userId || null })),
    sectors: v.sectors ?? [],
    topics: v.topics ?? [],
    audiences: v.audiences ?? [],
    themeDays: v.themeDays ?? [],
    regions: v.regions ?? [],
    language: v.language,
    licence: orNull(v.licence),
    source: orNull(v.source),
    isbn: orNull(v.isbn)?.replaceAll('-', '') ?? null,
    issn: orNull(v.issn),
    publicationDate: orNull(v.publicationDate),
    coverId: v.cover?.[0]?.id ?? null,
    mediaIds: (v.media ?? []).map((m) => m.id),
  };
}

function WorkFormBody({ me, work }: { me: Me; work: Work | null }) {
  const t = useT();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const units = useUnitsWithRole(me, WRITERS);
  const types = useRefOptions('WORK_TYPE');
  const sectors = useRefOptions('SECTOR');
  const topics = useRefOptions('TOPIC');
  const audiences = useRefOptions('AUDIENCE');
  const themeDays = useRefOptions('THEME_DAY');
  const provinces = useProvinces();
  const chosenUnit = Form.useWatch('organisationId', form);
  const unitId = work?.organisationId ?? chosenUnit;
  const linkedNames = new Map(
    (work?.authors ?? []).flatMap((a) => (a.userId ? [[a.userId, a.name] as const] : [])),
  );
  const req = (field: string) => ({ required: true, message: t('form.required', { field }) });
  const multi = { mode: 'multiple' as const, allowClear: true, optionFilterProp: 'label' };

  const save = useFormMutation(form, {
    mutationFn: (v: Values) => {
      const content = contentOf(v);
      return work
        ? call(
            api.PATCH('/api/works/{id}', {
              params: { path: { id: work.id } },
              body: { ...content, ...(v.note?.trim() ? { note: v.note.trim() } : {}) },
            }),
          )
        : call(
            api.POST('/api/works', {
              body: { ...content, organisationId: v.organisationId ?? '' },
            }),
          );
    },
    onSuccess: async (saved) => {
      message.success(work ? t('works.savedVersion', { n: saved.version }) : t('works.created'));
      await qc.invalidateQueries({ queryKey: ['works'] });
      qc.setQueryData(['work', saved.id], saved);
      await qc.invalidateQueries({ queryKey: ['work-versions', saved.id] });
      navigate(`/admin/works/${saved.id}`);
    },
  });

  return (
    <Form<Values>
      form={form}
      name="work"
      layout="vertical"
      requiredMark={false}
      className="work-form"
      initialValues={
        work
          ? valuesOf(work)
          : {
              organisationId: units.length === 1 ? units[0]?.value : undefined,
              language: 'zh-CN',
              authors: [{ name: me.user.displayName, role: 'AUTHOR', userId: me.user.id }],
            }
      }
      onFinish={save.mutate}
      onFinishFailed={() => save.setAlert(t('works.fixErrors'))}
      scrollToFirstError
    >
      <FormAlert text={save.alert} />
      {!work && (
        <Form.Item
          label={t('works.unit')}
          name="organisationId"
          rules={[req(t('works.unit'))]}
          extra={t('works.unitHelp')}
        >
          <Select showSearch={{ optionFilterProp: 'name' }} options={units} />
        </Form.Item>
      )}
      <Form.Item label={t('works.type')} name="type" rules={[req(t('works.type'))]}>
        <Select loading={types.loading} options={types.options} />
      </Form.Item>
      <Form.Item label={t('works.fieldTitle')} name="title" rules={[req(t('works.fieldTitle'))]}>
        <Input maxLength={120} showCount />
      </Form.Item>
      <Form.Item label={t('works.summary')} name="summary" extra={t('works.summaryHelp')}>
        <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Form.Item label={t('works.body')} name="body">
        <RichTextEditor label={t('works.body')} organisationId={unitId} />
      </Form.Item>
      <Form.Item label={t('works.cover')} name="cover" extra={t('works.coverHelp')}>
        <MediaPicker organisationId={unitId} kind="IMAGE" max={1} label={t('works.cover')} />
      </Form.Item>
      <Form.Item label={t('works.media')} name="media" extra={t('works.mediaHelp')}>
        <MediaPicker organisationId={unitId} label={t('works.media')} />
      </Form.Item>
      <fieldset className="form-fieldset">
        <legend>{t('works.authors')}</legend>
        <Form.List name="authors">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} wrap align="start" className="author-row">
                  <Form.Item
                    name={[f.name, 'name']}
                    label={t('works.authorName', { n: i + 1 })}
                    rules={[req(t('works.authorName', { n: i + 1 }))]}
                  >
                    <Input maxLength={60} style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'role']} label={t('works.authorRole', { n: i + 1 })}>
                    <Select
                      style={{ width: 160 }}
                      options={AUTHOR_ROLES.map((r) => ({ value: r, label: t(`authorRole.${r}`) }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'userId']}
                    label={t('works.authorAccount', { n: i + 1 })}
                  >
                    <AuthorAccountSelect me={me} unitId={unitId} linked={linkedNames} />
                  </Form.Item>
                  <Form.Item label={<span aria-hidden>&nbsp;</span>}>
                    <Button
                      onClick={() => remove(f.name)}
                      aria-label={t('works.removeAuthor', { n: i + 1 })}
                    >
                      {t('works.remove')}
                    </Button>
                  </Form.Item>
                </Space>
              ))}
              <Button onClick={() => add({ name: '', role: 'AUTHOR' })}>
                {t('works.addAuthor')}
              </Button>
            </>
          )}
        </Form.List>
      </fieldset>
      <Form.Item label={t('refKind.SECTOR')} name="sectors">
        <Select {...multi} loading={sectors.loading} options={sectors.options} />
      </Form.Item>
      <Form.Item label={t('refKind.TOPIC')} name="topics">
        <Select {...multi} loading={topics.loading} options={topics.options} />
      </Form.Item>
      <Form.Item label={t('refKind.AUDIENCE')} name="audiences">
        <Select {...multi} loading={audiences.loading} options={audiences.options} />
      </Form.Item>
      <Form.Item label={t('refKind.THEME_DAY')} name="themeDays">
        <Select {...multi} loading={themeDays.loading} options={themeDays.options} />
      </Form.Item>
      <Form.Item label={t('works.regions')} name="regions" extra={t('works.regionsHelp')}>
        <Select
          {...multi}
          loading={provinces.isPending}
          options={(provinces.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
        />
      </Form.Item>
      <Form.Item label={t('works.language')} name="language">
        <Select options={LANGUAGES.map((l) => ({ value: l, label: t(`workLang.${l}`) }))} />
      </Form.Item>
      <div className="form-grid">
        <Form.Item label={t('works.licence')} name="licence" extra={t('works.licenceHelp')}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item label={t('works.source')} name="source">
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item
          label="ISBN"
          name="isbn"
          extra={t('works.isbnHelp')}
          rules={[{ pattern: /^(97[89]-?)?[\d-]{9,13}[\dX]$/, message: t('works.isbnHelp') }]}
        >
          <Input maxLength={17} />
        </Form.Item>
        <Form.Item
          label="ISSN"
          name="issn"
          extra={t('works.issnHelp')}
          rules={[{ pattern: /^\d{4}-\d{3}[\dX]$/, message: t('works.issnHelp') }]}
        >
          <Input maxLength={9} />
        </Form.Item>
        <Form.Item label={t('works.publicationDate')} name="publicationDate">
          <Input type="date" />
        </Form.Item>
      </div>
      {work && (
        <Form.Item label={t('works.note')} name="note" extra={t('works.noteHelp')}>
          <Input maxLength={200} />
        </Form.Item>
      )}
      <div className="button-row">
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {work ? t('works.saveVersion') : t('works.saveDraft')}
        </Button>
        <Link to={work ? `/admin/works/${work.id}` : '/admin/works'}>{t('form.cancel')}</Link>
      </div>
    </Form>
  );
}

export function WorkFormPage({ me }: { me: Me }) {
  const t = useT();
  const { id } = useParams();
  const work = useQuery({
    queryKey: ['work', id],
    queryFn: () => call(api.GET('/api/works/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
  });
  const title = id ? t('works.editTitle', { title: work.data?.title ?? '' }) : t('works.create');
  usePageTitle(title);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/works">{t('works.title')}</Link>
      </p>
      <h1>{title}</h1>
      {id && work.isError && <Alert type="error" showIcon title={errorMessage(work.error)} />}
      {id && work.isPending && <Skeleton active aria-busy />}
      {id && work.data && !work.data.abilities.edit && (
        <Alert type="warning" showIcon title={t('works.notEditable')} />
      )}
      {(!id || work.data?.abilities.edit) && (
        <WorkFormBody key={id ?? 'new'} me={me} work={id ? (work.data ?? null) : null} />
      )}
    </>
  );
}

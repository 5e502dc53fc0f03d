import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Skeleton,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { orgOptions, useOrganisations } from '../admin/shared.ts';
import { api, call } from '../api/client.ts';
import type { paths } from '../api/schema.d.ts';
import type { Answer, Media } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { formatDate } from '../lib/dates.ts';
import { DivisionCascader } from '../lib/form-inputs.tsx';
import { errorMessage } from '../lib/forms.ts';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { useRefOptions } from '../lib/reference.ts';
import { MediaPicker } from '../media/MediaPicker.tsx';

type Profile = Answer<'/api/experts/me', 'get'>;
type Body = paths['/api/experts/me']['put']['requestBody']['content']['application/json'];

export const RANKS = ['SENIOR', 'ASSOCIATE', 'INTERMEDIATE', 'JUNIOR', 'OTHER'] as const;
export const SERVICES = ['REVIEW', 'LECTURE', 'MEDIA', 'EMERGENCY'] as const;
export const AVAILABILITY = ['AVAILABLE', 'LIMITED', 'UNAVAILABLE'] as const;
const PUBLIC_FIELDS = [
  'title',
  'rank',
  'organisation',
  'sectors',
  'topics',
  'hazards',
  'regions',
  'languages',
  'services',
  'bio',
  'publications',
  'works',
  'photo',
] as const;
const TIE_KINDS = ['FORMER_EMPLOYER', 'PART_TIME', 'FAMILY', 'COLLABORATOR', 'OTHER'] as const;

interface Values extends Omit<Body, 'availableUntil' | 'photoMediaId' | 'regions'> {
  availableUntil: dayjs.Dayjs | null;
  photo: Media[];
  regions: { code?: string }[];
}

/** 我的专家资料: what I know and will do, which parts are public, and my declared ties. */
export function ExpertProfilePage() {
  const { t, lang } = usePrefs();
  usePageTitle(t('ex.profile'));
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const profile = useQuery({
    queryKey: ['expert-me'],
    queryFn: () => call(api.GET('/api/experts/me')),
  });
  const photo = useQuery({
    queryKey: ['media', profile.data?.photoMediaId],
    queryFn: () =>
      call(api.GET('/api/media/{id}', { params: { path: { id: profile.data!.photoMediaId! } } })),
    enabled: !!profile.data?.photoMediaId,
  });
  const myWorks = useQuery({
    queryKey: ['works', 'mine'],
    queryFn: () =>
      call(api.GET('/api/works', { params: { query: { mine: 'true', pageSize: 100 } } })),
  });
  const save = useFormMutation(form, {
    mutationFn: (v: Values) => {
      const body: Body = {
        ...v,
        organisationId: v.organisationId ?? null,
        rank: v.rank ?? null,
        regions: (v.regions ?? []).flatMap((r) => (r.code ? [r.code] : [])),
        availableUntil: v.availableUntil ? v.availableUntil.format('YYYY-MM-DD') : null,
        photoMediaId: v.photo?.[0]?.id ?? null,
        publications: (v.publications ?? []).map((p) => ({
          title: p.title,
          year: p.year ?? null,
          venue: p.venue ?? '',
          link: p.link || null,
        })),
        ties: (v.ties ?? []).map((x) => ({ ...x, note: x.note ?? '' })),
      };
      return call(api.PUT('/api/experts/me', { body }));
    },
    onSuccess: (p: Profile) => {
      qc.setQueryData(['expert-me'], p);
      message.success(t('ex.saved'));
    },
  });
  const sectors = useRefOptions('SECTOR');
  const topics = useRefOptions('TOPIC');
  const hazards = useRefOptions('HAZARD_TYPE');
  const orgs = useOrganisations();
  const orgOpts = useMemo(() => orgOptions(orgs.data), [orgs.data]);
  const availability = Form.useWatch('availability', form);
  const publicProfile = Form.useWatch('publicProfile', form);
  const organisationId = Form.useWatch('organisationId', form);
  if (profile.isError) return <Alert type="error" showIcon title={errorMessage(profile.error)} />;
  if (!profile.data || (profile.data.photoMediaId && photo.isPending))
    return <Skeleton active aria-busy />;
  const p = profile.data;
  const workOptions = [
    ...p.works.map((w) => ({ value: w.id, label: w.title })),
    ...(myWorks.data?.items ?? [])
      .filter((w) => !p.works.some((x) => x.id === w.id))
      .map((w) => ({ value: w.id, label: w.title })),
  ];
  const initial: Values = {
    ...p,
    regions: p.regions.map((code) => ({ code })),
    availableUntil: p.availableUntil ? dayjs(p.availableUntil) : null,
    photo: photo.data ? [photo.data] : [],
  } as Values;
  return (
    <>
      <h1>{t('ex.profile')}</h1>
      <p>{t('ex.profileText')}</p>
      <p className="muted">
        {p.verified
          ? t('ex.verifiedBy', {
              org: p.verified.organisationName,
              name: p.verified.byName,
              date: formatDate(p.verified.at, lang),
            })
          : t('ex.notVerified')}
        {p.publicProfile && (
          <>
            {' · '}
            <Link to={`/experts/${p.userId}`}>{t('ex.viewPublic')}</Link>
          </>
        )}
      </p>
      <FormAlert text={save.alert} />
      <Form<Values>
        form={form}
        name="expert-profile"
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
        className="expert-form"
      >
        <fieldset className="form-fieldset">
          <legend>{t('ex.basics')}</legend>
          <Form.Item label={t('ex.title')} name="title" extra={t('ex.titleHelp')}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item label={t('ex.rank')} name="rank">
            <Select
              allowClear
              options={RANKS.map((r) => ({ value: r, label: t(`expert.rank.${r}` as MessageKey) }))}
            />
          </Form.Item>
          <Form.Item label={t('ex.org')} name="organisationId" extra={t('ex.orgHelp')}>
            <Select allowClear showSearch={{ optionFilterProp: 'name' }} options={orgOpts} />
          </Form.Item>
        </fieldset>
        <fieldset className="form-fieldset">
          <legend>{t('ex.domains')}</legend>
          <Form.Item label={t('ex.sectors')} name="sectors">
            <Select mode="multiple" allowClear options={sectors.options} optionFilterProp="label" />
          </Form.Item>
          <Form.Item label={t('ex.topics')} name="topics">
            <Select mode="multiple" allowClear options={topics.options} optionFilterProp="label" />
          </Form.Item>
          <Form.Item label={t('ex.hazards')} name="hazards">
            <Select mode="multiple" allowClear options={hazards.options} optionFilterProp="label" />
          </Form.Item>
          <Form.List name="regions">
            {(fields, { add, remove }) => (
              <fieldset className="form-fieldset">
                <legend>{t('ex.regions')}</legend>
                {fields.map((f, i) => (
                  <div key={f.key} className="button-row">
                    <Form.Item name={[f.name, 'code']} label={t('ex.region', { n: i + 1 })}>
                      <DivisionCascader f={{}} />
                    </Form.Item>
                    <Button
                      onClick={() => remove(f.name)}
                      aria-label={t('ex.removeRegion', { n: i + 1 })}
                    >
                      {t('ex.remove')}
                    </Button>
                  </div>
                ))}
                <Button onClick={() => add({})}>{t('ex.addRegion')}</Button>
              </fieldset>
            )}
          </Form.List>
          <Form.Item label={t('ex.languages')} name="languages" extra={t('ex.languagesHelp')}>
            <Select mode="tags" open={false} suffixIcon={null} />
          </Form.Item>
          <Form.Item label={t('ex.services')} name="services">
            <Checkbox.Group
              options={SERVICES.map((s) => ({
                value: s,
                label: t(`expert.service.${s}` as MessageKey),
              }))}
            />
          </Form.Item>
          <Form.Item label={t('ex.availability')} name="availability">
            <Radio.Group
              options={AVAILABILITY.map((s) => ({
                value: s,
                label: t(`expert.availability.${s}` as MessageKey),
              }))}
            />
          </Form.Item>
          {availability && availability !== 'AVAILABLE' && (
            <div className="button-row">
              <Form.Item label={t('ex.availabilityNote')} name="availabilityNote">
                <Input maxLength={200} style={{ minWidth: 260 }} />
              </Form.Item>
              <Form.Item label={t('ex.availableUntil')} name="availableUntil">
                <DatePicker />
              </Form.Item>
            </div>
          )}
        </fieldset>
        <fieldset className="form-fieldset">
          <legend>{t('ex.bio')}</legend>
          <Form.Item label={t('ex.bio')} name="bio">
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
          <Form.Item label={t('ex.photo')} name="photo" extra={t('ex.photoHelp')}>
            <MediaPicker
              label={t('ex.photo')}
              organisationId={organisationId ?? undefined}
              kind="IMAGE"
              max={1}
            />
          </Form.Item>
          <Form.Item label={t('ex.works')} name="workIds" extra={t('ex.worksHelp')}>
            <Select mode="multiple" allowClear options={workOptions} optionFilterProp="label" />
          </Form.Item>
          <Form.List name="publications">
            {(fields, { add, remove }) => (
              <fieldset className="form-fieldset">
                <legend>{t('ex.publications')}</legend>
                {fields.map((f, i) => (
                  <div key={f.key} className="button-row">
                    <Form.Item
                      name={[f.name, 'title']}
                      label={t('ex.pubTitle', { n: i + 1 })}
                      rules={[{ required: true, whitespace: true }]}
                    >
                      <Input maxLength={200} style={{ minWidth: 240 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'year']} label={t('ex.pubYear', { n: i + 1 })}>
                      <InputNumber min={1900} max={2100} precision={0} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'venue']} label={t('ex.pubVenue', { n: i + 1 })}>
                      <Input maxLength={200} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'link']}
                      label={t('ex.pubLink', { n: i + 1 })}
                      rules={[{ type: 'url' }]}
                    >
                      <Input maxLength={500} inputMode="url" />
                    </Form.Item>
                    <Button
                      onClick={() => remove(f.name)}
                      aria-label={t('ex.removePub', { n: i + 1 })}
                    >
                      {t('ex.remove')}
                    </Button>
                  </div>
                ))}
                <Button onClick={() => add({ title: '' })}>{t('ex.addPub')}</Button>
              </fieldset>
            )}
          </Form.List>
        </fieldset>
        <fieldset className="form-fieldset">
          <legend>{t('ex.public')}</legend>
          <Form.Item name="publicProfile" valuePropName="checked" extra={t('ex.publicHelp')}>
            <Checkbox>{t('ex.publicConsent')}</Checkbox>
          </Form.Item>
          {publicProfile && (
            <Form.Item label={t('ex.publicFields')} name="publicFields">
              <Checkbox.Group
                options={PUBLIC_FIELDS.map((f) => ({
                  value: f,
                  label: t(`ex.field.${f}` as MessageKey),
                }))}
              />
            </Form.Item>
          )}
        </fieldset>
        <fieldset className="form-fieldset">
          <legend>{t('ex.ties')}</legend>
          <p className="muted">{t('ex.tiesHelp')}</p>
          <Form.List name="ties">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <div key={f.key} className="button-row tie-row">
                    <Form.Item
                      name={[f.name, 'organisationId']}
                      label={t('ex.tieOrg', { n: i + 1 })}
                      rules={[{ required: true, message: t('ex.tieOrgRequired') }]}
                    >
                      <Select
                        showSearch={{ optionFilterProp: 'name' }}
                        options={orgOpts}
                        style={{ width: 260 }}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'kind']}
                      label={t('ex.tieKind', { n: i + 1 })}
                      initialValue="FORMER_EMPLOYER"
                    >
                      <Select
                        style={{ width: 160 }}
                        options={TIE_KINDS.map((k) => ({
                          value: k,
                          label: t(`ex.tieKindName.${k}` as MessageKey),
                        }))}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'note']} label={t('ex.tieNote', { n: i + 1 })}>
                      <Input maxLength={200} />
                    </Form.Item>
                    <Button
                      onClick={() => remove(f.name)}
                      aria-label={t('ex.removeTie', { n: i + 1 })}
                    >
                      {t('ex.remove')}
                    </Button>
                  </div>
                ))}
                <Button onClick={() => add()}>{t('ex.addTie')}</Button>
              </>
            )}
          </Form.List>
        </fieldset>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('ex.save')}
        </Button>
      </Form>
    </>
  );
}

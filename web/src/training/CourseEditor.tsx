import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Skeleton,
  Switch,
} from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError, api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { chinaInstant, chinaParts } from '../lib/dates.ts';
import { OrganisationPicker } from '../lib/form-inputs.tsx';
import { applyServerError } from '../lib/forms.ts';
import { divisionLabel } from '../lib/reference.ts';

type Managed = Answer<'/api/training/courses/{id}', 'get'>;

interface Values {
  organisationId?: string;
  title: string;
  year: number;
  description: string;
  syllabus: { title: string; hours: number }[];
  sessions: {
    id?: string;
    title: string;
    date: string;
    start: string;
    end: string;
    online: boolean;
    place: string;
  }[];
  enrolmentMode: 'OPEN' | 'NOMINATION';
  capacity: number;
  opensDate: string;
  closesDate: string;
  quotas: { divisionCode?: string; places: number }[];
  minSessions: number;
  hasTest: boolean;
  passScore: number | null;
  materialIds: string[];
}

const today = () => chinaParts(new Date().toISOString()).date;

function initialOf(c: Managed | undefined): Values {
  if (!c)
    return {
      title: '',
      year: Number(today().slice(0, 4)),
      description: '',
      syllabus: [{ title: '', hours: 2 }],
      sessions: [
        { title: '', date: today(), start: '09:00', end: '12:00', online: false, place: '' },
      ],
      enrolmentMode: 'OPEN',
      capacity: 50,
      opensDate: today(),
      closesDate: today(),
      quotas: [],
      minSessions: 1,
      hasTest: false,
      passScore: 60,
      materialIds: [],
    };
  return {
    organisationId: c.organisationId,
    title: c.title,
    year: c.year,
    description: c.description,
    syllabus: c.syllabus,
    sessions: c.sessions.map((s) => ({
      id: s.id,
      title: s.title,
      date: chinaParts(s.startsAt).date,
      start: chinaParts(s.startsAt).time,
      end: chinaParts(s.endsAt).time,
      online: s.online,
      place: s.place,
    })),
    enrolmentMode: c.enrolmentMode,
    capacity: c.capacity,
    opensDate: chinaParts(c.enrolOpensAt).date,
    closesDate: chinaParts(c.enrolClosesAt).date,
    quotas: c.quotas.map((q) => ({ divisionCode: q.divisionCode, places: q.places })),
    minSessions: c.minSessions,
    hasTest: c.passScore !== null,
    passScore: c.passScore ?? 60,
    materialIds: c.materials.map((m) => m.id),
  };
}

function MaterialsPicker({
  id,
  value,
  onChange,
  known,
}: {
  id?: string;
  value?: string[];
  onChange?: (v: string[]) => void;
  known: { id: string; title: string }[];
}) {
  const [q, setQ] = useState('');
  const { t } = usePrefs();
  const list = useQuery({
    queryKey: ['training-materials', q],
    queryFn: () =>
      call(api.GET('/api/training/material-options', { params: { query: q ? { q } : {} } })),
  });
  const options = [...known, ...(list.data?.items ?? [])]
    .filter((w, i, all) => all.findIndex((x) => x.id === w.id) === i)
    .map((w) => ({ value: w.id, label: w.title }));
  return (
    <Select
      id={id}
      mode="multiple"
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setQ }}
      options={options}
      placeholder={t('trn.materialsSearch')}
      style={{ maxWidth: 560 }}
    />
  );
}

function ProvinceSelect({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: string;
  onChange?: (v: string) => void;
}) {
  const { lang, t } = usePrefs();
  const provinces = useQuery({
    queryKey: ['divisions', 'provinces'],
    queryFn: () => call(api.GET('/api/divisions', { params: { query: {} } })),
    staleTime: 60 * 60_000,
  });
  return (
    <Select
      id={id}
      showSearch={{ optionFilterProp: 'label' }}
      value={value}
      onChange={onChange}
      placeholder={t('trn.province')}
      style={{ width: 200 }}
      options={(provinces.data ?? []).map((d) => ({
        value: d.code,
        label: divisionLabel(d, lang),
      }))}
    />
  );
}

/** The course editor: details, 大纲, sessions, places (per province), completion rule, materials. */
export function CourseEditorPage() {
  const { id } = useParams();
  const course = useQuery({
    queryKey: ['training-course', id],
    queryFn: () =>
      call(api.GET('/api/training/courses/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
  });
  if (id && course.isPending) return <Skeleton active aria-busy />;
  return <Editor course={course.data} key={course.data?.id ?? 'new'} />;
}

function Editor({ course }: { course: Managed | undefined }) {
  const { t } = usePrefs();
  usePageTitle(course ? t('trn.editTitle') : t('trn.new'));
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);
  const mode = Form.useWatch('enrolmentMode', form);
  const hasTest = Form.useWatch('hasTest', form);
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        organisationId: v.organisationId ?? '',
        title: v.title,
        year: v.year,
        description: v.description ?? '',
        syllabus: v.syllabus ?? [],
        sessions: (v.sessions ?? []).map((s) => ({
          ...(s.id ? { id: s.id } : {}),
          title: s.title,
          startsAt: chinaInstant(s.date, s.start),
          endsAt: chinaInstant(s.date, s.end),
          online: !!s.online,
          place: s.place ?? '',
        })),
        enrolmentMode: v.enrolmentMode,
        capacity: v.capacity,
        enrolOpensAt: chinaInstant(v.opensDate, '00:00'),
        enrolClosesAt: chinaInstant(v.closesDate, '23:59'),
        quotas:
          v.enrolmentMode === 'NOMINATION'
            ? (v.quotas ?? []).map((q) => ({
                divisionCode: q.divisionCode ?? '',
                places: q.places,
              }))
            : [],
        minSessions: v.minSessions,
        passScore: v.hasTest ? v.passScore : null,
        materialIds: v.materialIds ?? [],
      };
      return course
        ? call(api.PUT('/api/training/courses/{id}', { params: { path: { id: course.id } }, body }))
        : call(api.POST('/api/training/courses', { body }));
    },
    onSuccess: (c) => {
      message.success(t('trn.saved'));
      void qc.invalidateQueries({ queryKey: ['training-course', c.id] });
      void qc.invalidateQueries({ queryKey: ['training-courses'] });
      navigate(`/admin/training/${c.id}`);
    },
    onError: (e) => {
      // The server names its fields; the form asks for a date and times instead.
      if (e instanceof ApiError)
        for (const f of e.fields as { field: string }[])
          f.field = f.field
            .replace(/^sessions\.(\d+)\.endsAt$/, 'sessions.$1.end')
            .replace(/^sessions\.(\d+)\.startsAt$/, 'sessions.$1.start')
            .replace(/^enrolClosesAt$/, 'closesDate')
            .replace(/^enrolOpensAt$/, 'opensDate');
      const fields = e instanceof ApiError ? (e.fields as { message: string }[]) : [];
      setProblem([applyServerError(form, e), ...fields.map((f) => f.message)].join(' '));
    },
  });
  return (
    <section className="panel" aria-labelledby="trn-edit-h">
      <h1 id="trn-edit-h" className="page-title">
        {course ? t('trn.editTitle') : t('trn.new')}
      </h1>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialOf(course)}
        onFinish={(v) => {
          setProblem(null);
          save.mutate(v);
        }}
      >
        <Form.Item
          name="organisationId"
          label={t('trn.organiser')}
          rules={[{ required: true, message: t('trn.organiserRequired') }]}
        >
          {course ? <Input disabled value={course.organisationName} /> : <OrganisationPicker />}
        </Form.Item>
        <Form.Item name="title" label={t('trn.courseTitle')} rules={[{ required: true, max: 60 }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="year" label={t('trn.year')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item name="description" label={t('trn.description')}>
          <Input.TextArea maxLength={4000} rows={3} />
        </Form.Item>
        <h2>{t('trn.syllabus')}</h2>
        <Form.List name="syllabus">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row, i) => (
                <div key={row.key} className="button-row">
                  <Form.Item
                    name={[row.name, 'title']}
                    label={t('trn.unitTitle', { n: i + 1 })}
                    rules={[{ required: true, max: 100 }]}
                  >
                    <Input maxLength={100} style={{ width: 360 }} />
                  </Form.Item>
                  <Form.Item
                    name={[row.name, 'hours']}
                    label={t('trn.hours')}
                    rules={[{ required: true }]}
                  >
                    <InputNumber min={0.5} max={200} step={0.5} />
                  </Form.Item>
                  <Button onClick={() => remove(row.name)}>{t('trn.removeRow')}</Button>
                </div>
              ))}
              <Button onClick={() => add({ title: '', hours: 2 })}>{t('trn.addUnit')}</Button>
            </>
          )}
        </Form.List>
        <h2>{t('trn.sessions')}</h2>
        <Form.List name="sessions">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row, i) => (
                <fieldset key={row.key} className="panel">
                  <legend>{t('trn.sessionN', { n: i + 1 })}</legend>
                  <div className="button-row">
                    <Form.Item
                      name={[row.name, 'title']}
                      label={t('trn.sessionTitle')}
                      rules={[{ required: true, max: 100 }]}
                    >
                      <Input maxLength={100} style={{ width: 280 }} />
                    </Form.Item>
                    <Form.Item
                      name={[row.name, 'date']}
                      label={t('trn.date')}
                      rules={[{ required: true }]}
                    >
                      <Input type="date" />
                    </Form.Item>
                    <Form.Item
                      name={[row.name, 'start']}
                      label={t('trn.start')}
                      rules={[{ required: true }]}
                    >
                      <Input type="time" />
                    </Form.Item>
                    <Form.Item
                      name={[row.name, 'end']}
                      label={t('trn.end')}
                      rules={[{ required: true }]}
                    >
                      <Input type="time" />
                    </Form.Item>
                  </div>
                  <div className="button-row">
                    <Form.Item
                      name={[row.name, 'online']}
                      label={t('trn.online')}
                      valuePropName="checked"
                    >
                      <Switch />
                    </Form.Item>
                    <Form.Item name={[row.name, 'place']} label={t('trn.place')}>
                      <Input maxLength={200} style={{ width: 320 }} />
                    </Form.Item>
                    <Button onClick={() => remove(row.name)}>{t('trn.removeRow')}</Button>
                  </div>
                </fieldset>
              ))}
              <Button
                onClick={() =>
                  add({
                    title: '',
                    date: today(),
                    start: '09:00',
                    end: '12:00',
                    online: false,
                    place: '',
                  })
                }
              >
                {t('trn.addSession')}
              </Button>
            </>
          )}
        </Form.List>
        <h2>{t('trn.enrolment')}</h2>
        <Form.Item name="enrolmentMode" label={t('trn.mode')}>
          <Radio.Group
            options={[
              { value: 'OPEN', label: t('trn.modeOpen') },
              { value: 'NOMINATION', label: t('trn.modeNomination') },
            ]}
          />
        </Form.Item>
        <div className="button-row">
          <Form.Item name="capacity" label={t('trn.capacity')} rules={[{ required: true }]}>
            <InputNumber min={1} max={10000} />
          </Form.Item>
          <Form.Item name="opensDate" label={t('trn.opens')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="closesDate" label={t('trn.closes')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
        </div>
        {mode === 'NOMINATION' && (
          <>
            <h3>{t('trn.quotas')}</h3>
            <p className="muted">{t('trn.quotasText')}</p>
            <Form.List name="quotas">
              {(rows, { add, remove }) => (
                <>
                  {rows.map((row) => (
                    <div key={row.key} className="button-row">
                      <Form.Item
                        name={[row.name, 'divisionCode']}
                        label={t('trn.province')}
                        rules={[{ required: true, message: t('trn.provinceRequired') }]}
                      >
                        <ProvinceSelect />
                      </Form.Item>
                      <Form.Item name={[row.name, 'places']} label={t('trn.quotaPlaces')}>
                        <InputNumber min={1} max={10000} />
                      </Form.Item>
                      <Button onClick={() => remove(row.name)}>{t('trn.removeRow')}</Button>
                    </div>
                  ))}
                  <Button onClick={() => add({ places: 5 })}>{t('trn.addQuota')}</Button>
                </>
              )}
            </Form.List>
          </>
        )}
        <h2>{t('trn.rule')}</h2>
        <div className="button-row">
          <Form.Item name="minSessions" label={t('trn.minSessions')} rules={[{ required: true }]}>
            <InputNumber min={0} max={50} />
          </Form.Item>
          <Form.Item name="hasTest" label={t('trn.hasTest')} valuePropName="checked">
            <Switch />
          </Form.Item>
          {hasTest && (
            <Form.Item name="passScore" label={t('trn.passScore')}>
              <InputNumber min={0} max={100} />
            </Form.Item>
          )}
        </div>
        <Form.Item name="materialIds" label={t('trn.materials')} extra={t('trn.materialsText')}>
          <MaterialsPicker known={course?.materials ?? []} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('trn.save')}
        </Button>
      </Form>
    </section>
  );
}

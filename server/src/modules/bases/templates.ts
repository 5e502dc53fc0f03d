/**
 * What calls about bases start from: the application forms, rubrics and grades of naming, annual
 * reports and evaluations (the 2023 procedure), declared with their review subjects in
 * service.ts. The naming reads a base's profile from the answers by the naming form's own keys,
 * so the form and the naming cannot disagree (they did: capacity and facilities were read from
 * fields the form never had).
 */
import { sanitizeRichText } from '#platform/richtext.ts';
import type { FormAttachment, FormField } from '../reviews/form.ts';
import type { Criterion } from '../reviews/scoring.ts';
import type { Grade } from '../reviews/subjects.ts';

/** A form field whose key the type keeps (so code reading answers names real fields only). */
const field = <K extends string>(f: FormField & { key: K }) => f;
const criterion = (key: string, label: string, weight: number, commentRequired = false) =>
  ({ key, label, weight, min: 0, max: 100, commentRequired }) satisfies Criterion;

const NAMING_FIELDS = [
  field({
    key: 'category',
    label: '基地类别',
    type: 'select',
    required: true,
    options: [
      { value: 'VENUE', label: '科普场馆类' },
      { value: 'SITE', label: '自然资源场景类' },
      { value: 'RESEARCH', label: '科学研究类' },
    ],
  }),
  field({ key: 'address', label: '地址', type: 'text', required: true, max: 200 }),
  // Picked from the divisions (a cascader), never typed; the place as a point beside it.
  field({
    key: 'divisionCode',
    label: '所在县级行政区',
    type: 'division',
    minLevel: 3,
    required: false,
  }),
  field({
    key: 'location',
    label: '位置',
    type: 'coordinates',
    divisionField: 'divisionCode',
    required: false,
  }),
  field({ key: 'openingHours', label: '开放时间', type: 'text', required: true, max: 200 }),
  field({
    key: 'capacity',
    label: '日最大接待量（人）',
    type: 'number',
    required: false,
    min: 0,
    max: 1_000_000,
  }),
  field({ key: 'facilities', label: '科普设施', type: 'textarea', required: false, max: 2000 }),
  field({ key: 'visitors', label: '年接待人次', type: 'number', required: true, min: 0 }),
  field({ key: 'staff', label: '专兼职科普人员数', type: 'number', required: true, min: 0 }),
  field({ key: 'intro', label: '基地简介', type: 'textarea', required: true, max: 3000 }),
];
type NamingKey = (typeof NAMING_FIELDS)[number]['key'];

const attachment = (a: FormAttachment) => a;

export const NAMING_FORM = {
  fields: NAMING_FIELDS,
  attachments: [
    attachment({
      key: 'photos',
      label: '场馆或场地照片',
      kinds: ['IMAGE'],
      required: true,
      maxFiles: 6,
    }),
    attachment({
      key: 'documents',
      label: '证明材料（PDF）',
      kinds: ['PDF'],
      required: false,
      maxFiles: 5,
    }),
  ],
};

export const NAMING_RUBRIC: Criterion[] = [
  criterion('content', '科普内容与特色', 30),
  criterion('facility', '场地设施与展陈', 25),
  criterion('team', '科普队伍与制度', 20),
  criterion('activity', '科普活动与成效', 25, true),
];

export const REPORT_FORM = {
  fields: [
    field({ key: 'year', label: '报告年度', type: 'number', required: true, min: 2020, max: 2100 }),
    field({ key: 'visitors', label: '全年接待人次', type: 'number', required: true, min: 0 }),
    field({ key: 'activities', label: '开展科普活动次数', type: 'number', required: true, min: 0 }),
    field({ key: 'newWorks', label: '新增科普作品数', type: 'number', required: false, min: 0 }),
    field({ key: 'staff', label: '专兼职科普人员数', type: 'number', required: true, min: 0 }),
    field({ key: 'summary', label: '年度工作总结', type: 'textarea', required: true, max: 5000 }),
  ],
  attachments: [
    attachment({
      key: 'report',
      label: '年度报告（PDF）',
      kinds: ['PDF'],
      required: false,
      maxFiles: 3,
    }),
  ],
};

export const EVALUATION_FORM = {
  fields: [
    field({
      key: 'selfAssessment',
      label: '自评估报告',
      type: 'textarea',
      required: true,
      max: 5000,
    }),
    field({
      key: 'selfScore',
      label: '自评得分',
      type: 'number',
      required: true,
      min: 0,
      max: 100,
    }),
    field({ key: 'commitment', label: '承诺所报材料真实准确', type: 'boolean', required: true }),
  ],
  attachments: [
    attachment({
      key: 'evidence',
      label: '佐证材料',
      kinds: ['PDF', 'IMAGE'],
      required: false,
      maxFiles: 10,
    }),
  ],
};

export const EVALUATION_RUBRIC: Criterion[] = [
  criterion('management', '运行管理', 30),
  criterion('activities', '科普活动', 30),
  criterion('facilities', '设施条件', 20),
  criterion('impact', '社会效益', 20, true),
];

/** 优秀 / 合格 / 不合格: an evaluation's grades when its campaign sets none. */
export const EVALUATION_GRADES: Grade[] = [
  { code: 'EXCELLENT', label: '优秀', min: 90 },
  { code: 'QUALIFIED', label: '合格', min: 60 },
  { code: 'FAILED', label: '不合格', min: 0 },
];

/** A base's profile from a naming application's answers (blank where the answer is missing). */
const legacyNumber = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function profileOf(data: Record<string, unknown>) {
  const answer = (k: NamingKey) => data[k];
  const str = (k: NamingKey) => {
    const v = answer(k);
    return typeof v === 'string' ? v : '';
  };
  const num = (k: NamingKey) => {
    const v = answer(k);
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const capacity = num('capacity');
  const place = answer('location') as { lng?: number; lat?: number } | undefined;
  return {
    category: str('category') || 'OTHER',
    intro: sanitizeRichText(str('intro')),
    address: str('address'),
    divisionCode: /^\d{6}$/.test(str('divisionCode')) ? str('divisionCode') : null,
    // Applications made before the place became one field answered 经度 and 纬度 apart.
    longitude: place?.lng ?? legacyNumber(data.longitude),
    latitude: place?.lat ?? legacyNumber(data.latitude),
    openingHours: str('openingHours'),
    capacity: capacity === null ? null : Math.round(capacity),
    facilities: str('facilities'),
  };
}

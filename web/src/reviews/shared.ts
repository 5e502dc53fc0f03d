import type { Answer, Me } from '../api/types.ts';

export type Call = Answer<'/api/review-calls/{id}', 'get'>;
export type CallListItem = Answer<'/api/review-calls', 'get'>['items'][number];
export type Item = Answer<'/api/review-items/{id}', 'get'>;
export type ItemListItem = Answer<'/api/review-items', 'get'>['items'][number];
export type ItemStatus = Item['status'];
export type StageKind = Call['stages'][number]['kind'];
export type FormField = Call['form']['fields'][number];
export type Criterion = Call['rubric'][number];
export type Ranking = Answer<'/api/review-calls/{id}/ranking', 'get'>;
export type Notice = Answer<'/api/public/review-notices/{id}', 'get'>;
export type ItemReview = Answer<'/api/review-items/{id}/review', 'get'>;
export type MyAssignment = Answer<'/api/my/review-assignments', 'get'>[number];
export type AssignedItem = Answer<'/api/review-assignments/{id}', 'get'>;

export const STAGES: StageKind[] = [
  'RECOMMENDATION',
  'FORMAL_CHECK',
  'EXPERT_REVIEW',
  'DECISION',
  'PUBLIC_NOTICE',
];

/** Organisers: admins and editors of some unit (the server checks the call's own unit). */
export function canOrganise(me: Me): boolean {
  return (
    me.abilities.platformAdmin || me.grants.some((g) => ['ORG_ADMIN', 'EDITOR'].includes(g.role))
  );
}

export function isExpert(me: Me): boolean {
  return me.grants.some((g) => g.role === 'REVIEWER');
}

/** The base-naming template (the 2023 procedure): the form and rubric a new call starts from. */
export const BASE_FORM: Call['form'] = {
  fields: [
    {
      key: 'category',
      label: '基地类别',
      type: 'select',
      required: true,
      options: [
        { value: 'VENUE', label: '科普场馆类' },
        { value: 'SITE', label: '自然资源场景类' },
        { value: 'RESEARCH', label: '科学研究类' },
      ],
    },
    { key: 'address', label: '地址', type: 'text', required: true, max: 200 },
    { key: 'divisionCode', label: '所在县级行政区划代码', type: 'text', required: false, max: 6 },
    { key: 'longitude', label: '经度', type: 'number', required: false, min: 73, max: 136 },
    { key: 'latitude', label: '纬度', type: 'number', required: false, min: 3, max: 54 },
    { key: 'openingHours', label: '开放时间', type: 'text', required: true, max: 200 },
    { key: 'visitors', label: '年接待人次', type: 'number', required: true, min: 0 },
    { key: 'staff', label: '专兼职科普人员数', type: 'number', required: true, min: 0 },
    { key: 'intro', label: '基地简介', type: 'textarea', required: true, max: 3000 },
  ],
  attachments: [
    { key: 'photos', label: '场馆或场地照片', kinds: ['IMAGE'], required: true, maxFiles: 6 },
    { key: 'documents', label: '证明材料（PDF）', kinds: ['PDF'], required: false, maxFiles: 5 },
  ],
};

export const BASE_RUBRIC: Call['rubric'] = [
  { key: 'content', label: '科普内容与特色', weight: 30, min: 0, max: 100, commentRequired: false },
  {
    key: 'facility',
    label: '场地设施与展陈',
    weight: 25,
    min: 0,
    max: 100,
    commentRequired: false,
  },
  { key: 'team', label: '科普队伍与制度', weight: 20, min: 0, max: 100, commentRequired: false },
  { key: 'activity', label: '科普活动与成效', weight: 25, min: 0, max: 100, commentRequired: true },
];

export type SubjectKind = 'BASE' | 'BASE_ANNUAL_REPORT' | 'BASE_EVALUATION' | 'GENERAL';
export const SUBJECT_KINDS: SubjectKind[] = [
  'BASE',
  'BASE_ANNUAL_REPORT',
  'BASE_EVALUATION',
  'GENERAL',
];
/** Kinds whose applications are about an existing base of the applicant. */
export const ABOUT_A_BASE: SubjectKind[] = ['BASE_ANNUAL_REPORT', 'BASE_EVALUATION'];

export interface Template {
  form: Call['form'];
  rubric: Call['rubric'];
  stages: StageKind[];
  settings: Call['settings'];
}

const REPORT_FORM: Call['form'] = {
  fields: [
    { key: 'year', label: '报告年度', type: 'number', required: true, min: 2020, max: 2100 },
    { key: 'visitors', label: '全年接待人次', type: 'number', required: true, min: 0 },
    { key: 'activities', label: '开展科普活动次数', type: 'number', required: true, min: 0 },
    { key: 'newWorks', label: '新增科普作品数', type: 'number', required: false, min: 0 },
    { key: 'staff', label: '专兼职科普人员数', type: 'number', required: true, min: 0 },
    { key: 'summary', label: '年度工作总结', type: 'textarea', required: true, max: 5000 },
  ],
  attachments: [
    { key: 'report', label: '年度报告（PDF）', kinds: ['PDF'], required: false, maxFiles: 3 },
  ],
};

const EVALUATION_FORM: Call['form'] = {
  fields: [
    { key: 'selfAssessment', label: '自评估报告', type: 'textarea', required: true, max: 5000 },
    { key: 'selfScore', label: '自评得分', type: 'number', required: true, min: 0, max: 100 },
    { key: 'commitment', label: '承诺所报材料真实准确', type: 'boolean', required: true },
  ],
  attachments: [
    { key: 'evidence', label: '佐证材料', kinds: ['PDF', 'IMAGE'], required: false, maxFiles: 10 },
  ],
};

export const TEMPLATES: Record<SubjectKind, Template> = {
  BASE: {
    form: BASE_FORM,
    rubric: BASE_RUBRIC,
    stages: ['RECOMMENDATION', 'FORMAL_CHECK', 'EXPERT_REVIEW', 'DECISION', 'PUBLIC_NOTICE'],
    settings: {},
  },
  BASE_ANNUAL_REPORT: { form: REPORT_FORM, rubric: [], stages: ['DECISION'], settings: {} },
  BASE_EVALUATION: {
    form: EVALUATION_FORM,
    rubric: [
      {
        key: 'management',
        label: '运行管理',
        weight: 30,
        min: 0,
        max: 100,
        commentRequired: false,
      },
      {
        key: 'activities',
        label: '科普活动',
        weight: 30,
        min: 0,
        max: 100,
        commentRequired: false,
      },
      {
        key: 'facilities',
        label: '设施条件',
        weight: 20,
        min: 0,
        max: 100,
        commentRequired: false,
      },
      { key: 'impact', label: '社会效益', weight: 20, min: 0, max: 100, commentRequired: true },
    ],
    stages: ['RECOMMENDATION', 'EXPERT_REVIEW', 'DECISION'],
    settings: {
      grades: [
        { code: 'EXCELLENT', label: '优秀', min: 90 },
        { code: 'QUALIFIED', label: '合格', min: 60 },
        { code: 'FAILED', label: '不合格', min: 0 },
      ],
      rectifyMonths: 6,
    },
  },
  GENERAL: {
    form: { fields: [], attachments: [] },
    rubric: BASE_RUBRIC,
    stages: ['EXPERT_REVIEW', 'DECISION'],
    settings: {},
  },
};

/**
 * What a nomination call (首席科学传播专家推荐) starts from: the 推荐表's fields, the required
 * files and the rubric of the 2019 call (academic standing, record of science popularisation,
 * communication, plans for the term). The organiser edits the copy; the eligibility check reads
 * `years` by this key.
 */
import type { FormAttachment, FormField } from '../reviews/form.ts';
import type { Criterion } from '../reviews/scoring.ts';

const field = <K extends string>(f: FormField & { key: K }) => f;
const attachment = (a: FormAttachment) => a;
const criterion = (key: string, label: string, weight: number, commentRequired = false) =>
  ({ key, label, weight, min: 0, max: 100, commentRequired }) satisfies Criterion;

export const NOMINATION_FORM = {
  fields: [
    field({
      key: 'years',
      label: '连续从事公益性科普工作年数',
      type: 'number',
      required: true,
      min: 0,
      max: 70,
    }),
    field({ key: 'fields', label: '科普领域与专长', type: 'textarea', required: true, max: 1000 }),
    field({
      key: 'record',
      label: '近三年科普工作业绩（讲座、作品、媒体解读等）',
      type: 'textarea',
      required: true,
      max: 5000,
    }),
    field({ key: 'plan', label: '聘期工作设想', type: 'textarea', required: true, max: 3000 }),
  ],
  attachments: [
    attachment({
      key: 'form',
      label: '推荐表（盖章扫描件）',
      kinds: ['PDF', 'IMAGE'],
      required: true,
      maxFiles: 2,
    }),
    attachment({
      key: 'evidence',
      label: '科普业绩证明材料',
      kinds: ['PDF', 'IMAGE', 'DOCUMENT'],
      required: false,
      maxFiles: 10,
    }),
  ],
};

export const NOMINATION_RUBRIC: Criterion[] = [
  criterion('standing', '学术水平与专业影响', 30),
  criterion('record', '科普工作业绩', 40, true),
  criterion('communication', '表达能力与社会影响', 20),
  criterion('plan', '聘期工作设想', 10),
];

import { defineMessages } from '../i18n/index.tsx';

/** 我的科普档案's words, loaded with the page (`lazyPage` in `sections.tsx`). */
export const RECORD_MESSAGES = defineMessages('record', {
  'zh-CN': () => import('./messages.zh-CN.ts'),
  'en-US': () => import('./messages.en-US.ts'),
});

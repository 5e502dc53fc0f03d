import { defineMessages } from '../i18n/index.tsx';

/** The works pages' words, loaded with them (`lazyPage` in `sections.tsx`). */
export const WORKS_MESSAGES = defineMessages('works', {
  'zh-CN': () => import('./messages.zh-CN.ts'),
  'en-US': () => import('./messages.en-US.ts'),
});

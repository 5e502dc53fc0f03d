import { defineMessages } from '../i18n/index.tsx';

/** The expert directory's console pages' words, loaded with them (`lazyPage` in `sections.tsx`). */
export const EXPERTS_MESSAGES = defineMessages('experts', {
  'zh-CN': () => import('./messages.zh-CN.ts'),
  'en-US': () => import('./messages.en-US.ts'),
});

import { defineMessages } from '../i18n/index.tsx';

/** The activities pages' words, loaded with them (`lazyPage` in `sections.tsx`). */
export const ACTIVITIES_MESSAGES = defineMessages('activities', {
  'zh-CN': () => import('./messages.zh-CN.ts'),
  'en-US': () => import('./messages.en-US.ts'),
});

import { defineMessages } from '../i18n/index.tsx';

/** The open-day facility pages' words, loaded with them (`lazyPage` in `sections.tsx`). */
export const FACILITIES_MESSAGES = defineMessages('facilities', {
  'zh-CN': () => import('./messages.zh-CN.ts'),
  'en-US': () => import('./messages.en-US.ts'),
});

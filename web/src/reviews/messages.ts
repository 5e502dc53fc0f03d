import { defineMessages } from '../i18n/index.tsx';

/** The reviews pages' words, loaded with them (`lazyPage` in `sections.tsx`). */
export const REVIEWS_MESSAGES = defineMessages('reviews', {
  'zh-CN': () => import('./messages.zh-CN.ts'),
  'en-US': () => import('./messages.en-US.ts'),
});

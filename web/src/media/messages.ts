import { defineMessages } from '../i18n/index.tsx';

/** The media pages' words, loaded with them (`lazyPage` in `sections.tsx`). */
export const MEDIA_MESSAGES = defineMessages('media', {
  'zh-CN': () => import('./messages.zh-CN.ts'),
  'en-US': () => import('./messages.en-US.ts'),
});

import { useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePrefs } from '../i18n/index.tsx';

/** A review subject as the server declares it (label in the UI language, template, grades). */
export type ReviewSubject = Answer<'/api/review-subjects', 'get'>[number];

/** The declared review subjects — the server's registry, never a copy kept here. */
export function useReviewSubjects() {
  const { lang } = usePrefs();
  return useQuery({
    queryKey: ['review-subjects', lang],
    queryFn: () => call(api.GET('/api/review-subjects')),
    staleTime: 60 * 60_000,
  });
}

/** One subject by kind (undefined while loading or when the server no longer declares it). */
export function useReviewSubject(kind: string): ReviewSubject | undefined {
  return useReviewSubjects().data?.find((s) => s.kind === kind);
}

import type { Executor } from '#platform/db/connect.ts';
import { defineSearchType } from '#platform/search/engine.ts';
import type { SearchDocument } from '#platform/search/types.ts';
import { listOrganisationIds, listOrganisationsToIndex } from './repo.ts';

/** Chinese names of the organisation types, for search snippets. */
export const ORGANISATION_TYPE_ZH: Record<string, string> = {
  MINISTRY: '部',
  MINISTRY_OFFICE: '部内司局/办公室',
  PROVINCIAL_DEPT: '省级自然资源主管部门',
  CITY_DEPT: '市级自然资源主管部门',
  COUNTY_DEPT: '县级自然资源主管部门',
  AFFILIATED_UNIT: '部属单位',
  BASE_HOST: '基地依托单位',
  RESEARCH_UNIT: '科研单位',
  SCHOOL: '学校',
  ENTERPRISE: '企业',
  SOCIETY: '学会/协会',
  MEDIA: '媒体',
  STUDIO: '科学传播专家工作室',
  OTHER: '其他',
};

/**
 * Organisations have no public page yet, so the index leaves them out (`url: null`): a result
 * must lead somewhere. A base host's public face is its base, found by the host's name and its
 * pinyin (the base's document carries it). Give them a page and a url, and they are found by
 * name, short name and pinyin again.
 */
defineSearchType({
  type: 'organisation',
  async load(db: Executor, ids: string[]): Promise<SearchDocument[]> {
    const rows = await listOrganisationsToIndex(db, ids);
    return rows.map((r) => ({
      type: 'organisation',
      id: r.id,
      title: r.name,
      excerpt: [ORGANISATION_TYPE_ZH[r.type] ?? r.type, r.divisionName, r.nameEn]
        .filter(Boolean)
        .join(' · '),
      body: r.shortName ?? '',
      url: null,
      subtype: r.type,
      region: r.divisionCode,
      names: [r.name, r.shortName].filter((n): n is string => !!n),
    }));
  },
  async listIds(db: Executor, after: string | null, limit: number): Promise<string[]> {
    return listOrganisationIds(db, after, limit);
  },
});

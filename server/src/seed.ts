import { createOrganisation } from '#modules/organisations/service.ts';
import { seedPolicyDocuments } from '#modules/privacy/service.ts';
import { seedReferenceData } from '#modules/reference/service.ts';
import { seedVocabulary } from '#modules/search/service.ts';
import { grantRole } from '#modules/users/service.ts';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { DbHandle } from '#platform/db/connect.ts';
import { newId, nowIso } from '#platform/ids.ts';
import type { Actor, Role } from '#platform/policy.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import type { Storage } from '#platform/storage/storage.ts';
import { seedDemoWorks } from './demo-works.ts';

/** Seeding acts as the platform itself: full rights, audited with no human actor. */
const SYSTEM: Actor = {
  userId: 'system',
  username: 'system',
  grants: [{ id: 'system', role: 'PLATFORM_ADMIN', organisationId: null, orgPath: null }],
  mfaPassed: true,
};

export const ROOT_NAME = '自然资源部';

/** Reference data, divisions and the ministry root: what every installation starts from. */
export async function seedBase(
  handle: DbHandle,
): Promise<{ items: number; divisions: number; rootId: string }> {
  const { db } = handle;
  const counts = await seedReferenceData(db);
  await seedVocabulary(db);
  await seedPolicyDocuments(db);
  let root = await db
    .selectFrom('organisations')
    .select('id')
    .where('parentId', 'is', null)
    .executeTakeFirst();
  if (!root) {
    const id = newId();
    const at = nowIso();
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('organisations')
        .values({
          id,
          tree: 'ADMIN',
          type: 'MINISTRY',
          name: ROOT_NAME,
          nameEn: 'Ministry of Natural Resources',
          shortName: '自然资源部',
          parentId: null,
          path: `/${id}/`,
          depth: 0,
          divisionCode: null,
          active: 1,
          createdAt: at,
          updatedAt: at,
        })
        .execute();
      await recordAudit(
        tx,
        { actorId: null, ip: null, dialect: handle.dialect },
        {
          action: 'organisation.create',
          entityType: 'organisation',
          entityId: id,
          organisationId: id,
          detail: { name: ROOT_NAME, seed: true },
        },
      );
      await searchEngineFor(db, handle.dialect).index(tx, 'organisation', [id]);
    });
    root = { id };
  }
  return { ...counts, rootId: root.id };
}

interface DemoOrg {
  key: string;
  parent: string;
  type: Parameters<typeof createOrganisation>[3]['type'];
  name: string;
  nameEn?: string;
  tree?: 'ADMIN' | 'DEPT';
  divisionCode?: string;
}

const DEMO_ORGS: DemoOrg[] = [
  {
    key: 'office',
    parent: 'root',
    type: 'MINISTRY_OFFICE',
    name: '自然资源部科普工作办公室',
    nameEn: 'MNR Science Popularization Office',
  },
  {
    key: 'hunan',
    parent: 'root',
    type: 'PROVINCIAL_DEPT',
    name: '湖南省自然资源厅',
    nameEn: 'Hunan Provincial Department of Natural Resources',
    divisionCode: '430000',
  },
  {
    key: 'changsha',
    parent: 'hunan',
    type: 'CITY_DEPT',
    name: '长沙市自然资源和规划局',
    divisionCode: '430100',
  },
  {
    key: 'liuyang',
    parent: 'changsha',
    type: 'COUNTY_DEPT',
    name: '浏阳市自然资源局',
    divisionCode: '430181',
  },
  {
    key: 'zhuzhou',
    parent: 'hunan',
    type: 'CITY_DEPT',
    name: '株洲市自然资源和规划局',
    divisionCode: '430200',
  },
  { key: 'hunanMuseum', parent: 'changsha', type: 'BASE_HOST', name: '湖南省地质博物馆' },
  {
    key: 'sichuan',
    parent: 'root',
    type: 'PROVINCIAL_DEPT',
    name: '四川省自然资源厅',
    nameEn: 'Sichuan Provincial Department of Natural Resources',
    divisionCode: '510000',
  },
  {
    key: 'chengdu',
    parent: 'sichuan',
    type: 'CITY_DEPT',
    name: '成都市规划和自然资源局',
    divisionCode: '510100',
  },
  { key: 'zigong', parent: 'sichuan', type: 'BASE_HOST', name: '自贡恐龙博物馆' },
  {
    key: 'guangdong',
    parent: 'root',
    type: 'PROVINCIAL_DEPT',
    name: '广东省自然资源厅',
    nameEn: 'Guangdong Provincial Department of Natural Resources',
    divisionCode: '440000',
  },
  {
    key: 'guangzhou',
    parent: 'guangdong',
    type: 'CITY_DEPT',
    name: '广州市规划和自然资源局',
    divisionCode: '440100',
  },
  {
    key: 'zhejiang',
    parent: 'root',
    type: 'PROVINCIAL_DEPT',
    name: '浙江省自然资源厅',
    divisionCode: '330000',
  },
  {
    key: 'hangzhou',
    parent: 'zhejiang',
    type: 'CITY_DEPT',
    name: '杭州市规划和自然资源局',
    divisionCode: '330100',
  },
  {
    key: 'beijing',
    parent: 'root',
    type: 'PROVINCIAL_DEPT',
    name: '北京市规划和自然资源委员会',
    divisionCode: '110000',
  },
  {
    key: 'haidian',
    parent: 'beijing',
    type: 'COUNTY_DEPT',
    name: '北京市规划和自然资源委员会海淀分局',
    divisionCode: '110108',
  },
  {
    key: 'cgs',
    parent: 'root',
    tree: 'DEPT',
    type: 'AFFILIATED_UNIT',
    name: '中国地质调查局',
    nameEn: 'China Geological Survey',
  },
  {
    key: 'cags',
    parent: 'cgs',
    type: 'RESEARCH_UNIT',
    name: '中国地质科学院',
    nameEn: 'Chinese Academy of Geological Sciences',
  },
  { key: 'karst', parent: 'cgs', type: 'RESEARCH_UNIT', name: '中国地质科学院岩溶地质研究所' },
  {
    key: 'geomuseum',
    parent: 'root',
    tree: 'DEPT',
    type: 'BASE_HOST',
    name: '中国地质博物馆',
    nameEn: 'Geological Museum of China',
  },
  {
    key: 'pec',
    parent: 'root',
    tree: 'DEPT',
    type: 'AFFILIATED_UNIT',
    name: '自然资源部宣传教育中心',
  },
  {
    key: 'ngcc',
    parent: 'root',
    tree: 'DEPT',
    type: 'AFFILIATED_UNIT',
    name: '国家基础地理信息中心',
  },
  {
    key: 'nmefc',
    parent: 'root',
    tree: 'DEPT',
    type: 'AFFILIATED_UNIT',
    name: '国家海洋环境预报中心',
  },
  {
    key: 'fio',
    parent: 'root',
    tree: 'DEPT',
    type: 'RESEARCH_UNIT',
    name: '自然资源部第一海洋研究所',
  },
  { key: 'gsc', parent: 'cgs', type: 'SOCIETY', name: '中国地质学会' },
];

interface DemoPerson {
  username: string;
  displayName: string;
  role: Role;
  org: string;
}

/** Demo people hold roles but no password: nobody can sign in as them (no default accounts). */
const DEMO_PEOPLE: DemoPerson[] = [
  { username: 'zhou.min', displayName: '周敏', role: 'ORG_ADMIN', org: 'office' },
  { username: 'zhang.wei', displayName: '张伟', role: 'ORG_ADMIN', org: 'hunan' },
  { username: 'li.na', displayName: '李娜', role: 'EDITOR', org: 'hunanMuseum' },
  { username: 'liu.yang', displayName: '刘洋', role: 'MEMBER', org: 'liuyang' },
  { username: 'chen.jing', displayName: '陈静', role: 'ORG_ADMIN', org: 'sichuan' },
  { username: 'wang.qiang', displayName: '王强', role: 'REVIEWER', org: 'cags' },
  { username: 'zhao.lei', displayName: '赵磊', role: 'REVIEWER', org: 'fio' },
  { username: 'sun.li', displayName: '孙丽', role: 'EDITOR', org: 'geomuseum' },
  { username: 'huang.tao', displayName: '黄涛', role: 'ORG_ADMIN', org: 'cgs' },
  { username: 'xu.fang', displayName: '徐芳', role: 'EDITOR', org: 'pec' },
];

/** A believable demo set in Chinese; skipped when organisations beyond the root exist already. */
export async function seedDemo(
  handle: DbHandle,
  storage?: Storage,
): Promise<{ organisations: number; people: number; works: number }> {
  const { db } = handle;
  const { rootId } = await seedBase(handle);
  const existing = await db
    .selectFrom('organisations')
    .select('id')
    .where('parentId', '=', rootId)
    .executeTakeFirst();
  if (existing) return { organisations: 0, people: 0, works: 0 };
  const ctx: RequestContext = { actorId: null, ip: null, dialect: handle.dialect };
  const ids: Record<string, string> = { root: rootId };
  for (const o of DEMO_ORGS) {
    const created = await createOrganisation(db, SYSTEM, ctx, {
      parentId: ids[o.parent]!,
      tree: o.tree,
      type: o.type,
      name: o.name,
      nameEn: o.nameEn,
      divisionCode: o.divisionCode,
    });
    ids[o.key] = created.id;
  }
  const people: Record<string, { id: string; orgId: string }> = {};
  await db.transaction().execute(async (tx) => {
    for (const p of DEMO_PEOPLE) {
      const at = nowIso();
      const id = newId();
      people[p.username] = { id, orgId: ids[p.org]! };
      await tx
        .insertInto('users')
        .values({
          id,
          username: p.username,
          displayName: p.displayName,
          email: null,
          phone: null,
          passwordHash: null,
          locale: 'zh-CN',
          birthYear: null,
          guardianName: null,
          guardianContact: null,
          guardianConsentAt: null,
          totpSecret: null,
          totpEnabledAt: null,
          status: 'ACTIVE',
          passwordChangedAt: at,
          createdAt: at,
          updatedAt: at,
          homeOrganisationId: ids[p.org]!,
        })
        .execute();
      await grantRole(tx, id, p.role, ids[p.org]!, null);
      await recordAudit(tx, ctx, {
        action: 'user.create',
        entityType: 'user',
        entityId: id,
        organisationId: ids[p.org]!,
        detail: { username: p.username, role: p.role, seed: true },
      });
    }
  });
  const works = await seedDemoWorks(handle, storage, people);
  return { organisations: DEMO_ORGS.length, people: DEMO_PEOPLE.length, works };
}

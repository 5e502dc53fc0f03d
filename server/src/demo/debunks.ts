import * as repo from '#modules/debunks/repo.ts';
import { workBody } from '#modules/debunks/service.ts';
import * as worksRepo from '#modules/works/repo.ts';
import { versionOf } from '#modules/works/service.ts';
import type { DbHandle } from '#platform/db/connect.ts';
import type { DebunkKind, DebunkStatus } from '#platform/db/schema.ts';
import { newId } from '#platform/ids.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import { beijingInstant as at, type DemoClock } from './clock.ts';

interface DemoDebunk {
  key: string;
  org: string;
  by: string;
  kind: DebunkKind;
  title: string;
  summary: string;
  claims: { rumour: string; truth: string }[];
  authority: string;
  experts: string[];
  sources: { platform: string; account: string; link: string }[];
  hazard: string | null;
  divisionCode: string | null;
  day: number;
  status: DebunkStatus;
  published: boolean;
}

const DEBUNKS: DemoDebunk[] = [
  {
    key: 'quake',
    org: 'office',
    by: 'zhou.min',
    kind: 'DEBUNK',
    title: '“某地三天内将发生 6 级地震”传闻不实',
    summary:
      '网传“精确地震预测”不实。我国地震预报只能由省级以上人民政府发布，任何个人和机构无权发布。',
    claims: [
      {
        rumour: '“专家预测，本周五下午湘中地区将发生 6 级以上地震，请提前转移。”',
        truth:
          '经中国地震台网核实，近期未监测到相关异常，也未发布任何地震预报。目前科学水平尚不能对地震做出精确到时间、地点和震级的短临预报。\n根据《防震减灾法》第二十九条，地震预报意见只能由省级以上人民政府按程序发布。',
      },
      {
        rumour: '“地震云已经出现，说明大震马上就来。”',
        truth: '所谓“地震云”是常见的波状云、荚状云等气象现象，与地震没有科学上的对应关系。',
      },
    ],
    authority: '中国地震台网',
    experts: ['wang.qiang'],
    sources: [
      { platform: '微信群', account: '转发截图', link: '' },
      { platform: '短视频平台', account: '@某情感号', link: '' },
    ],
    hazard: null,
    divisionCode: '430000',
    day: -6,
    status: 'DEBUNKED',
    published: true,
  },
  {
    key: 'landslide',
    org: 'hunan',
    by: 'zhang.wei',
    kind: 'DEBUNK',
    title: '“湘西山体滑坡、多人被埋”视频系多年前旧闻',
    summary: '网传滑坡视频为 2019 年外省旧闻翻炒，当地近期未发生滑坡灾情。',
    claims: [
      {
        rumour: '“刚刚，湘西某县发生大面积山体滑坡，多人被埋！”（附视频）',
        truth:
          '经比对，该视频最早于 2019 年在外省发布，画面中的地形、车牌与当地不符。县应急管理局和自然资源局现场排查，近期辖区内未发生滑坡灾情。',
      },
    ],
    authority: '湖南省自然资源厅、湘西州应急管理局',
    experts: ['wang.qiang'],
    sources: [{ platform: '微博', account: '@本地生活资讯', link: '' }],
    hazard: 'LANDSLIDE',
    divisionCode: '430000',
    day: -3,
    status: 'DEBUNKED',
    published: true,
  },
  {
    key: 'subsidence',
    org: 'office',
    by: 'zhou.min',
    kind: 'EXPLAINER',
    title: '地面沉降会让整座城市“塌下去”吗？',
    summary: '地面沉降是缓慢的过程，与突发的地面塌陷不同；监测与控制地下水开采可以有效减缓。',
    claims: [
      {
        rumour: '“某市每年下沉几十厘米，过几年整座城市就会塌陷。”',
        truth:
          '地面沉降一般以每年毫米到厘米计，是区域性的缓慢变形，不会让城市突然“塌下去”。各地已建立监测网，并通过压减地下水开采等措施控制沉降速率。',
      },
    ],
    authority: '中国地质调查局',
    experts: [],
    sources: [{ platform: '短视频平台', account: '@科普搬运', link: '' }],
    hazard: 'LAND_SUBSIDENCE',
    divisionCode: null,
    day: -10,
    status: 'PARTIAL',
    published: true,
  },
  {
    key: 'sichuan',
    org: 'sichuan',
    by: 'chen.jing',
    kind: 'DEBUNK',
    title: '“西昌泥石流预警”截图核查中',
    summary: '',
    claims: [
      {
        rumour: '“西昌今晚有特大泥石流，全城撤离。”',
        truth: '正在向当地气象、自然资源部门核实预警发布情况。',
      },
    ],
    authority: '',
    experts: [],
    sources: [],
    hazard: 'DEBRIS_FLOW',
    divisionCode: '510000',
    day: -1,
    status: 'VERIFYING',
    published: false,
  },
];

/**
 * The demo's 辟谣 channel: three published entries (an earthquake "prediction", an old landslide
 * video, a subsidence explainer) each also a DEBUNK work in the library, one Sichuan entry still
 * being verified, and rumour reports from the public — linked, merged as a duplicate, new.
 */
export async function seedDemoDebunks(
  handle: DbHandle,
  clock: DemoClock,
  ids: Record<string, string>,
  people: Record<string, { id: string; orgId: string }>,
): Promise<void> {
  const { db, dialect } = handle;
  const made: Record<string, string> = {};
  await db.transaction().execute(async (tx) => {
    for (const d of DEBUNKS) {
      const id = newId();
      made[d.key] = id;
      const when = at(clock.day(d.day), '10:00');
      const row: repo.DebunkRow = {
        id,
        organisationId: ids[d.org]!,
        kind: d.kind,
        title: d.title,
        summary: d.summary,
        claims: JSON.stringify(d.claims),
        authority: d.authority,
        expertIds: JSON.stringify(d.experts.map((u) => people[u]!.id)),
        sources: JSON.stringify(d.sources),
        hazard: d.hazard,
        divisionCode: d.divisionCode,
        date: clock.day(d.day),
        status: d.status,
        workId: null,
        publishedAt: d.published ? when : null,
        views: d.published ? 40 + Math.abs(d.day) * 7 : 0,
        createdBy: people[d.by]!.id,
        createdAt: when,
        updatedAt: when,
      };
      if (d.published) {
        const work = worksRepo.newWorkRow({
          type: 'DEBUNK',
          status: 'PUBLISHED',
          title: d.title,
          summary: d.summary,
          body: workBody(row),
          regions: JSON.stringify(d.divisionCode ? [d.divisionCode] : []),
          organisationId: row.organisationId,
          createdBy: row.createdBy!,
          source: d.authority || null,
          publicationDate: row.date,
          checkedVersion: 1,
          publishedVersion: 1,
          publishedAt: when,
          createdAt: when,
        });
        await worksRepo.insertWork(tx, work);
        await worksRepo.insertVersion(tx, versionOf(work, 1, row.createdBy!, null, when));
        row.workId = work.id;
      }
      await repo.insertDebunk(tx, row);
    }
    const reports = [
      {
        text: '群里都在传周五湘中要地震，让大家晚上别睡楼里',
        platform: '微信群',
        link: '',
        debunk: 'quake',
        hours: -150,
        dup: null as string | null,
      },
      {
        text: '有人发了地震云照片，说大地震要来了',
        platform: '朋友圈',
        link: '',
        debunk: 'quake',
        hours: -149,
        dup: 'r0',
      },
      {
        text: '看到一个湘西山体滑坡埋了好多人的视频，是真的吗？',
        platform: '短视频平台',
        link: '',
        debunk: 'landslide',
        hours: -75,
        dup: null,
      },
      {
        text: '说我们这边地下水抽多了，房子会整体陷下去',
        platform: '微博',
        link: '',
        debunk: null,
        hours: -5,
        dup: null,
      },
      {
        text: '西昌今晚泥石流全城撤离的截图',
        platform: '微信群',
        link: '',
        debunk: null,
        hours: -20,
        dup: null,
      },
    ];
    const reportIds: string[] = [];
    for (const [i, r] of reports.entries()) {
      const id = newId();
      reportIds.push(id);
      const created = new Date(Date.now() + r.hours * 3_600_000).toISOString();
      const linked = r.debunk ? made[r.debunk]! : null;
      const dupOf = r.dup ? reportIds[Number(r.dup.slice(1))]! : null;
      await repo.insertReport(tx, {
        id,
        text: r.text,
        platform: r.platform,
        link: r.link,
        hazard: null,
        divisionCode: i === 4 ? '510000' : null,
        contact: i === 2 ? '电话 139****0000' : null,
        reporterId: null,
        status: dupOf ? 'DUPLICATE' : linked ? 'LINKED' : i === 4 ? 'TRIAGED' : 'NEW',
        duplicateOf: dupOf,
        debunkId: linked,
        note: '',
        handledBy: linked || dupOf || i === 4 ? people['zhou.min']!.id : null,
        handledAt: linked || dupOf || i === 4 ? created : null,
        createdAt: created,
      });
    }
    await searchEngineFor(db, dialect).index(
      tx,
      'debunk',
      DEBUNKS.filter((d) => d.published).map((d) => made[d.key]!),
    );
  });
}

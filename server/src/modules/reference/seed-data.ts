/**
 * Reference data seeded at first start, copied from the domain guide (shared/domain/reference-data.md,
 * calendar.md, experts-and-emergency.md). Kepu never reads shared/ at run time; admins edit the
 * seeded rows afterwards.
 */
export interface SeedItem {
  code: string;
  nameZh: string;
  nameEn: string;
  data?: Record<string, unknown>;
}

const SECTORS: SeedItem[] = [
  { code: 'LAND', nameZh: '土地', nameEn: 'Land' },
  { code: 'MINERAL', nameZh: '矿产', nameEn: 'Mineral resources' },
  { code: 'FOREST', nameZh: '森林', nameEn: 'Forests' },
  { code: 'GRASSLAND', nameZh: '草原', nameEn: 'Grasslands' },
  { code: 'WETLAND', nameZh: '湿地', nameEn: 'Wetlands' },
  { code: 'WATER', nameZh: '水', nameEn: 'Water' },
  { code: 'OCEAN', nameZh: '海洋', nameEn: 'Ocean' },
  { code: 'SURVEYING', nameZh: '测绘地理信息', nameEn: 'Surveying, mapping and geoinformation' },
  { code: 'GEOLOGY', nameZh: '地质', nameEn: 'Geology' },
];

const ALL = SECTORS.map((s) => s.code);
const topic = (code: string, nameZh: string, nameEn: string, sectors: string[]): SeedItem => ({
  code,
  nameZh,
  nameEn,
  data: { sectors },
});

const TOPICS: SeedItem[] = [
  topic('LIFE_COMMUNITY', '人与自然生命共同体', 'Community of life of humans and nature', ALL),
  topic('DUAL_CARBON', '碳达峰碳中和', 'Carbon peaking and carbon neutrality', ALL),
  topic('BIODIVERSITY', '生物多样性保护', 'Biodiversity conservation', [
    'FOREST',
    'GRASSLAND',
    'WETLAND',
    'OCEAN',
  ]),
  topic('FARMLAND_PROTECTION', '耕地保护', 'Farmland protection', ['LAND']),
  topic('LAND_EFFICIENCY', '节约集约利用土地', 'Economical and intensive land use', ['LAND']),
  topic('ECO_RESTORATION', '生态修复', 'Ecological restoration', ['LAND', 'MINERAL', 'OCEAN']),
  topic('SPATIAL_PLANNING', '国土空间规划', 'Territorial spatial planning', ['LAND', 'SURVEYING']),
  topic('LAND_SURVEY', '国土调查', 'National land survey', ['LAND', 'SURVEYING']),
  topic('MINERAL_EXPLORATION', '矿产资源勘查开发', 'Mineral exploration and development', [
    'MINERAL',
    'GEOLOGY',
  ]),
  topic('GAS_HYDRATE', '天然气水合物', 'Natural gas hydrates', ['MINERAL', 'OCEAN']),
  topic('HOT_DRY_ROCK', '干热岩', 'Hot dry rock (geothermal)', ['MINERAL', 'GEOLOGY']),
  topic('DEEP_EXPLORATION', '深海深地探测', 'Deep-sea and deep-earth exploration', [
    'OCEAN',
    'GEOLOGY',
  ]),
  topic('GEOHAZARD_PREVENTION', '地质灾害防治', 'Geological hazard prevention', ['GEOLOGY']),
  topic('POLAR_EXPEDITION', '极地科考', 'Polar research expeditions', ['OCEAN']),
];

const AUDIENCES: SeedItem[] = [
  { code: 'ENTERPRISE', nameZh: '进企业', nameEn: 'Into enterprises', data: { group: 'PLACE' } },
  { code: 'VILLAGE', nameZh: '进农村', nameEn: 'Into villages', data: { group: 'PLACE' } },
  { code: 'COMMUNITY', nameZh: '进社区', nameEn: 'Into communities', data: { group: 'PLACE' } },
  { code: 'SCHOOL', nameZh: '进学校', nameEn: 'Into schools', data: { group: 'PLACE' } },
  { code: 'FAMILY', nameZh: '进家庭', nameEn: 'Into families', data: { group: 'PLACE' } },
  { code: 'YOUTH', nameZh: '青少年', nameEn: 'Young people', data: { group: 'GROUP' } },
  { code: 'FARMERS', nameZh: '农民', nameEn: 'Farmers', data: { group: 'GROUP' } },
  {
    code: 'INDUSTRIAL_WORKERS',
    nameZh: '产业工人',
    nameEn: 'Industrial workers',
    data: { group: 'GROUP' },
  },
  { code: 'SENIORS', nameZh: '老年人', nameEn: 'Seniors', data: { group: 'GROUP' } },
  {
    code: 'CADRES',
    nameZh: '领导干部和公务员',
    nameEn: 'Officials and civil servants',
    data: { group: 'GROUP' },
  },
  {
    code: 'GENERAL_PUBLIC',
    nameZh: '社会公众',
    nameEn: 'General public',
    data: { group: 'GROUP' },
  },
  { code: 'TEACHERS', nameZh: '教师', nameEn: 'Teachers', data: { group: 'GROUP' } },
  {
    code: 'PEOPLE_WITH_DISABILITIES',
    nameZh: '残障人士',
    nameEn: 'People with disabilities',
    data: { group: 'GROUP' },
  },
];

const fixed = (month: number, day: number) => ({ type: 'FIXED', month, day });
const themeDay = (
  code: string,
  nameZh: string,
  nameEn: string,
  rule: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): SeedItem => ({ code, nameZh, nameEn, data: { rule, ...extra } });

/** Theme days are rules (calendar.md §1); each year's campaign is entered from its notice, never computed. */
const THEME_DAYS: SeedItem[] = [
  themeDay('WETLANDS_DAY', '世界湿地日', 'World Wetlands Day', fixed(2, 2), {
    firstYear: 1997,
    ordinalBaseYear: 1996,
  }),
  themeDay('TREE_DAY', '植树节', 'Arbor Day', fixed(3, 12), { firstYear: 1979 }),
  themeDay('WATER_DAY', '世界水日', 'World Water Day', fixed(3, 22), {
    firstYear: 1993,
    ordinalBaseYear: 1992,
    leadAgency: '水利部',
  }),
  themeDay(
    'CHINA_WATER_WEEK',
    '中国水周',
    'China Water Week',
    { type: 'FIXED_RANGE', month: 3, day: 22, endMonth: 3, endDay: 28 },
    { firstYear: 1988, ordinalBaseYear: 1987, leadAgency: '水利部' },
  ),
  themeDay('METEOROLOGY_DAY', '世界气象日', 'World Meteorological Day', fixed(3, 23), {
    leadAgency: '中国气象局',
  }),
  themeDay('EARTH_DAY', '世界地球日', 'Earth Day', fixed(4, 22), {
    firstYear: 1970,
    ordinalBaseYear: 1969,
    leadAgency: '自然资源部、中国地质学会',
  }),
  themeDay(
    'DISASTER_REDUCTION_DAY',
    '全国防灾减灾日',
    'National Disaster Prevention and Reduction Day',
    fixed(5, 12),
    { firstYear: 2009, ordinalBaseYear: 2008, leadAgency: '国家减灾委' },
  ),
  themeDay(
    'ST_WEEK',
    '全国科技活动周',
    'National Science and Technology Week',
    { type: 'WEEK_OF_MONTH', month: 5, n: 3 },
    { firstYear: 2001, ordinalBaseYear: 2000, leadAgency: '科技部、中宣部、中国科协' },
  ),
  themeDay(
    'BIODIVERSITY_DAY',
    '国际生物多样性日',
    'International Day for Biological Diversity',
    fixed(5, 22),
  ),
  themeDay('ENVIRONMENT_DAY', '世界环境日', 'World Environment Day', fixed(6, 5), {
    leadAgency: '生态环境部',
  }),
  themeDay(
    'OCEAN_DAY',
    '世界海洋日暨全国海洋宣传日',
    'World Oceans Day and National Ocean Publicity Day',
    fixed(6, 8),
    { firstYear: 2010, ordinalBaseYear: 2008, leadAgency: '自然资源部' },
  ),
  themeDay('LAND_DAY', '全国土地日', 'National Land Day', fixed(6, 25), {
    firstYear: 1991,
    ordinalBaseYear: 1990,
    leadAgency: '自然资源部',
  }),
  themeDay('ECOLOGY_DAY', '全国生态日', 'National Ecology Day', fixed(8, 15), {
    firstYear: 2023,
    ordinalBaseYear: 2022,
    leadAgency: '国家发展改革委',
  }),
  themeDay(
    'SURVEYING_LAW_DAY',
    '测绘法宣传日暨国家版图意识宣传周',
    'Surveying and Mapping Law Day and National Territory Awareness Week',
    fixed(8, 29),
    { firstYear: 2004, ordinalBaseYear: 2003, leadAgency: '自然资源部' },
  ),
  themeDay(
    'SCIENCE_POP_DAY',
    '全国科普日',
    'National Science Popularization Day',
    { type: 'NTH_REST_DAY', month: 9, n: 3 },
    { firstYear: 2003, validTo: 2024, supersededBy: 'SCIENCE_POP_MONTH', leadAgency: '中国科协' },
  ),
  themeDay(
    'SCIENCE_POP_MONTH',
    '全国科普月',
    'National Science Popularization Month',
    { type: 'WHOLE_MONTH', month: 9 },
    { firstYear: 2025, leadAgency: '中国科协' },
  ),
  themeDay('IDDRR', '国际减灾日', 'International Day for Disaster Risk Reduction', fixed(10, 13), {
    firstYear: 1990,
    ordinalBaseYear: 1989,
  }),
  themeDay('CITIES_DAY', '世界城市日', 'World Cities Day', fixed(10, 31), {
    firstYear: 2014,
    ordinalBaseYear: 2013,
  }),
];

const HAZARD_TYPES: SeedItem[] = [
  {
    code: 'COLLAPSE',
    nameZh: '崩塌',
    nameEn: 'Collapse / rockfall',
    data: { family: 'GEOLOGICAL' },
  },
  { code: 'LANDSLIDE', nameZh: '滑坡', nameEn: 'Landslide', data: { family: 'GEOLOGICAL' } },
  { code: 'DEBRIS_FLOW', nameZh: '泥石流', nameEn: 'Debris flow', data: { family: 'GEOLOGICAL' } },
  {
    code: 'GROUND_COLLAPSE',
    nameZh: '地面塌陷',
    nameEn: 'Ground collapse',
    data: { family: 'GEOLOGICAL' },
  },
  {
    code: 'GROUND_FISSURE',
    nameZh: '地裂缝',
    nameEn: 'Ground fissure',
    data: { family: 'GEOLOGICAL' },
  },
  {
    code: 'LAND_SUBSIDENCE',
    nameZh: '地面沉降',
    nameEn: 'Land subsidence',
    data: { family: 'GEOLOGICAL' },
  },
  { code: 'STORM_SURGE', nameZh: '风暴潮', nameEn: 'Storm surge', data: { family: 'MARINE' } },
  { code: 'WAVES', nameZh: '海浪', nameEn: 'Ocean waves', data: { family: 'MARINE' } },
  { code: 'SEA_ICE', nameZh: '海冰', nameEn: 'Sea ice', data: { family: 'MARINE' } },
  { code: 'TSUNAMI', nameZh: '海啸', nameEn: 'Tsunami', data: { family: 'MARINE' } },
  { code: 'RED_TIDE', nameZh: '赤潮', nameEn: 'Red tide', data: { family: 'MARINE' } },
  { code: 'GREEN_TIDE', nameZh: '绿潮', nameEn: 'Green tide', data: { family: 'MARINE' } },
];

const WORK_TYPES: SeedItem[] = [
  { code: 'BOOK', nameZh: '科普图书', nameEn: 'Book' },
  { code: 'PERIODICAL_ARTICLE', nameZh: '期刊/文章', nameEn: 'Periodical or article' },
  { code: 'GRAPHIC', nameZh: '图文/图解/挂图', nameEn: 'Graphic or poster' },
  { code: 'VIDEO', nameZh: '视频', nameEn: 'Video' },
  { code: 'MICRO_VIDEO', nameZh: '微视频', nameEn: 'Micro-video' },
  { code: 'ANIMATION', nameZh: '动漫', nameEn: 'Animation' },
  { code: 'AUDIO', nameZh: '音频', nameEn: 'Audio' },
  { code: 'EXHIBIT', nameZh: '展览/展品', nameEn: 'Exhibition' },
  { code: 'COURSE', nameZh: '科普课程', nameEn: 'Course' },
  { code: 'LECTURE_SCRIPT', nameZh: '讲解/讲稿', nameEn: 'Lecture script' },
  { code: 'INTERACTIVE', nameZh: '互动/游戏/VR/AR', nameEn: 'Interactive, VR or AR' },
  { code: 'CREATIVE_PRODUCT', nameZh: '文创产品', nameEn: 'Creative product' },
  { code: 'DEBUNK', nameZh: '辟谣/解读', nameEn: 'Debunk or explainer' },
  { code: 'JOURNAL_ISSUE', nameZh: '期刊（整期）', nameEn: 'Journal issue' },
  { code: 'MODEL_3D', nameZh: '三维模型', nameEn: '3D model' },
  { code: 'OTHER', nameZh: '其他', nameEn: 'Other' },
];

const ACTIVITY_TYPES: SeedItem[] = [
  { code: 'LECTURE', nameZh: '科普讲座', nameEn: 'Lecture' },
  { code: 'EXHIBITION', nameZh: '专题展览', nameEn: 'Exhibition' },
  { code: 'COMPETITION', nameZh: '竞赛', nameEn: 'Competition' },
  { code: 'OPEN_DAY', nameZh: '科普开放日', nameEn: 'Open day' },
  { code: 'STUDY_TOUR', nameZh: '研学', nameEn: 'Study tour' },
  { code: 'CAMP', nameZh: '夏(冬)令营', nameEn: 'Summer or winter camp' },
  { code: 'INTEREST_GROUP', nameZh: '兴趣小组', nameEn: 'Interest group' },
  { code: 'CAMPAIGN_EVENT', nameZh: '主题日活动', nameEn: 'Theme-day event' },
  { code: 'EMERGENCY', nameZh: '应急科普', nameEn: 'Emergency science popularization' },
  { code: 'TRAINING', nameZh: '培训', nameEn: 'Training' },
  { code: 'LIVE_ONLINE', nameZh: '线上直播', nameEn: 'Live online' },
  { code: 'MAIN_VENUE', nameZh: '主场活动', nameEn: 'Main-venue event' },
  { code: 'JOINT_ACTION', nameZh: '联合行动', nameEn: 'Joint action' },
  { code: 'TO_SCHOOLS', nameZh: '进校园', nameEn: 'Into schools' },
  { code: 'TO_COMMUNITIES', nameZh: '进社区', nameEn: 'Into communities' },
  { code: 'TO_VILLAGES', nameZh: '进乡村', nameEn: 'Into villages' },
  { code: 'TO_ENTERPRISES', nameZh: '进企业', nameEn: 'Into enterprises' },
  { code: 'TO_FAMILIES', nameZh: '进家庭', nameEn: 'Into families' },
];

export const REFERENCE_KINDS = [
  'SECTOR',
  'TOPIC',
  'AUDIENCE',
  'THEME_DAY',
  'HAZARD_TYPE',
  'WORK_TYPE',
  'ACTIVITY_TYPE',
] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];
/** Each taxonomy's Chinese name (export sheet and file names). */
export const REFERENCE_KIND_ZH: Record<ReferenceKind, string> = {
  SECTOR: '领域',
  TOPIC: '主题',
  AUDIENCE: '受众',
  THEME_DAY: '主题日',
  HAZARD_TYPE: '灾害类型',
  WORK_TYPE: '作品类型',
  ACTIVITY_TYPE: '活动类型',
};

export const REFERENCE_SEED: Record<ReferenceKind, SeedItem[]> = {
  SECTOR: SECTORS,
  TOPIC: TOPICS,
  AUDIENCE: AUDIENCES,
  THEME_DAY: THEME_DAYS,
  HAZARD_TYPE: HAZARD_TYPES,
  WORK_TYPE: WORK_TYPES,
  ACTIVITY_TYPE: ACTIVITY_TYPES,
};

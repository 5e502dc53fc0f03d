import type { createOrganisation } from '#modules/organisations/service.ts';
import type { Role } from '#platform/policy.ts';

/** The demo world's units: the ministry's offices, fourteen provinces and the units hosting bases. */
export interface DemoOrg {
  key: string;
  parent: string;
  type: Parameters<typeof createOrganisation>[3]['type'];
  name: string;
  nameEn?: string;
  tree?: 'ADMIN' | 'DEPT';
  divisionCode?: string;
}

export const DEMO_ORGS: DemoOrg[] = [
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
  { key: 'changshaSchool', parent: 'changsha', type: 'SCHOOL', name: '长沙市实验小学' },
  { key: 'zhuzhouSchool', parent: 'zhuzhou', type: 'SCHOOL', name: '株洲市第二中学' },
  {
    key: 'hnGeoCentre',
    parent: 'hunan',
    type: 'RESEARCH_UNIT',
    name: '湖南省地质灾害监测预警工程技术研究中心',
  },
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
  // Nine more provinces, so that the bases and calls span the country.
  ...(
    [
      ['yunnan', '云南省自然资源厅', '530000'],
      ['shandong', '山东省自然资源厅', '370000'],
      ['fujian', '福建省自然资源厅', '350000'],
      ['guizhou', '贵州省自然资源厅', '520000'],
      ['shaanxi', '陕西省自然资源厅', '610000'],
      ['hainan', '海南省自然资源和规划厅', '460000'],
      ['gansu', '甘肃省自然资源厅', '620000'],
      ['henan', '河南省自然资源厅', '410000'],
      ['guangxi', '广西壮族自治区自然资源厅', '450000'],
    ] as const
  ).map(([key, name, divisionCode]) => ({
    key,
    parent: 'root',
    type: 'PROVINCIAL_DEPT' as const,
    name,
    divisionCode,
  })),
  // Units that host bases or apply for naming (their bases are in demo/bases.ts).
  ...(
    [
      ['zjjPark', 'hunan', '张家界世界地质公园管理局'],
      ['langshan', 'hunan', '崀山世界地质公园管理局'],
      ['xiangxi', 'hunan', '湘西世界地质公园管理局'],
      ['cdut', 'sichuan', '成都理工大学地质灾害防治与地质环境保护国家重点实验室'],
      ['xichang', 'sichuan', '西昌邛海—螺髻山地质遗迹保护中心'],
      ['danxia', 'guangdong', '丹霞山世界地质公园管理委员会'],
      ['dapeng', 'guangdong', '深圳大鹏半岛国家地质公园管理处'],
      ['gdMuseum', 'guangdong', '广东省地质博物馆'],
      ['zjMuseum', 'zhejiang', '浙江自然博物院'],
      ['yandang', 'zhejiang', '雁荡山世界地质公园管理局'],
      ['changxing', 'zhejiang', '长兴地质遗迹国家级自然保护区管理局'],
      ['sio', 'zhejiang', '自然资源部第二海洋研究所'],
      ['chengjiang', 'yunnan', '澄江化石地自然博物馆'],
      ['shilin', 'yunnan', '石林世界地质公园管理局'],
      ['yulong', 'yunnan', '玉龙雪山冰川地质公园管理处'],
      ['shanwang', 'shandong', '山旺国家地质公园管理处'],
      ['qdOcean', 'shandong', '青岛海洋科技馆'],
      ['taining', 'fujian', '泰宁世界地质公园管理委员会'],
      ['tio', 'fujian', '自然资源部第三海洋研究所'],
      ['zhijin', 'guizhou', '织金洞世界地质公园管理处'],
      ['gzMuseum', 'guizhou', '贵州地质博物馆'],
      ['xingyi', 'guizhou', '兴义国家地质公园管理处'],
      ['zhongnan', 'shaanxi', '秦岭终南山世界地质公园管理局'],
      ['snMuseum', 'shaanxi', '陕西自然博物馆'],
      ['haikou', 'hainan', '海口火山群世界地质公园管理处'],
      ['dunhuang', 'gansu', '敦煌世界地质公园管理局'],
      ['gsMuseum', 'gansu', '甘肃地质博物馆'],
      ['songshan', 'henan', '嵩山世界地质公园管理局'],
      ['hnMuseum', 'henan', '河南自然博物馆'],
      ['leye', 'guangxi', '乐业—凤山世界地质公园管理局'],
    ] as const
  ).map(([key, parent, name]) => ({ key, parent, type: 'BASE_HOST' as const, name })),
];

export interface DemoPerson {
  username: string;
  displayName: string;
  /** No role: a member of the public. */
  role: Role | null;
  org: string | null;
  birthYear?: number;
}

/**
 * Demo people hold roles but no password: nobody signs in as them with a password (no default
 * accounts); `kepu demo logins` prints one-time sign-in links for one person per role.
 */
export const DEMO_PEOPLE: DemoPerson[] = [
  { username: 'zhou.min', displayName: '周敏', role: 'ORG_ADMIN', org: 'office' },
  { username: 'zhang.wei', displayName: '张伟', role: 'ORG_ADMIN', org: 'hunan' },
  { username: 'li.na', displayName: '李娜', role: 'EDITOR', org: 'hunanMuseum' },
  { username: 'liu.yang', displayName: '刘洋', role: 'MEMBER', org: 'liuyang' },
  { username: 'he.lan', displayName: '何兰', role: 'MEMBER', org: 'changshaSchool' },
  { username: 'deng.hui', displayName: '邓辉', role: 'MEMBER', org: 'zhuzhouSchool' },
  { username: 'xiao.yu', displayName: '肖雨', role: 'EDITOR', org: 'hnGeoCentre' },
  { username: 'chen.jing', displayName: '陈静', role: 'ORG_ADMIN', org: 'sichuan' },
  { username: 'wang.qiang', displayName: '王强', role: 'REVIEWER', org: 'cags' },
  { username: 'zhao.lei', displayName: '赵磊', role: 'REVIEWER', org: 'fio' },
  { username: 'sun.li', displayName: '孙丽', role: 'EDITOR', org: 'geomuseum' },
  { username: 'huang.tao', displayName: '黄涛', role: 'ORG_ADMIN', org: 'cgs' },
  { username: 'xu.fang', displayName: '徐芳', role: 'EDITOR', org: 'pec' },
  { username: 'liu.bo', displayName: '刘波', role: 'REVIEWER', org: 'karst' },
  { username: 'xie.ning', displayName: '谢宁', role: 'REVIEWER', org: 'ngcc' },
  { username: 'lin.feng', displayName: '林峰', role: 'ORG_ADMIN', org: 'guangdong' },
  { username: 'wu.xia', displayName: '吴霞', role: 'ORG_ADMIN', org: 'zhejiang' },
  { username: 'yang.fan', displayName: '杨帆', role: 'ORG_ADMIN', org: 'yunnan' },
  { username: 'tian.ye', displayName: '田野', role: 'ORG_ADMIN', org: 'guizhou' },
  { username: 'song.jie', displayName: '宋杰', role: 'ORG_ADMIN', org: 'henan' },
  { username: 'ma.lan', displayName: '马兰', role: 'ORG_ADMIN', org: 'gansu' },
  { username: 'fu.hai', displayName: '符海', role: 'ORG_ADMIN', org: 'hainan' },
  { username: 'lin.shan', displayName: '林珊', role: 'ORG_ADMIN', org: 'fujian' },
  { username: 'tang.jun', displayName: '唐军', role: 'EDITOR', org: 'xiangxi' },
  { username: 'he.yun', displayName: '何云', role: 'EDITOR', org: 'xichang' },
  { username: 'guo.qing', displayName: '郭青', role: 'EDITOR', org: 'dapeng' },
  { username: 'lu.ping', displayName: '卢平', role: 'EDITOR', org: 'changxing' },
  { username: 'ma.li', displayName: '马丽', role: 'EDITOR', org: 'yulong' },
  { username: 'pan.wen', displayName: '潘文', role: 'EDITOR', org: 'xingyi' },
  { username: 'cui.lin', displayName: '崔琳', role: 'EDITOR', org: 'songshan' },
  { username: 'bai.yu', displayName: '白宇', role: 'EDITOR', org: 'dunhuang' },
  { username: 'wu.hao', displayName: '吴浩', role: 'EDITOR', org: 'haikou' },
  { username: 'zheng.min', displayName: '郑敏', role: 'EDITOR', org: 'taining' },
  { username: 'qin.hui', displayName: '秦慧', role: 'EDITOR', org: 'hnMuseum' },
  // A member of the public: no unit, no role; registered on the portal.
  { username: 'wang.xiaoming', displayName: '王小明', role: null, org: null, birthYear: 1992 },
];

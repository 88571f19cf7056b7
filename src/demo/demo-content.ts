/**
 * Generated demo articles: plausible Chinese news copy assembled from a small vocabulary,
 * deterministic for a given seed so demo sites and tests see the same content.
 * Pure: no I/O.
 */

export interface DemoChannel {
  readonly path: string;
  readonly name: string;
  readonly topics: readonly string[];
}

/** The demo's channel tree; 地方频道 › 社会 matches the reference capture's breadcrumb. */
export const DEMO_CHANNELS: readonly DemoChannel[] = [
  { path: 'news', name: '要闻', topics: ['高质量发展', '乡村振兴', '营商环境', '生态文明建设', '对口支援', '区域协调发展'] },
  { path: 'local', name: '地方频道', topics: [] },
  { path: 'local/society', name: '社会', topics: ['社区养老服务', '老旧小区改造', '冬季供暖保障', '校园食品安全', '城市公交线路', '志愿服务'] },
  { path: 'local/livelihood', name: '民生', topics: ['医保异地结算', '菜篮子价格', '就业招聘会', '保障性住房', '家门口就医', '便民服务中心'] },
  { path: 'tech', name: '科技', topics: ['人工智能大模型', '量子计算', '新能源汽车', '卫星互联网', '钙钛矿电池', '低空经济'] },
  { path: 'culture', name: '文化', topics: ['非遗传承', '博物馆夜游', '全民阅读', '文旅融合', '古籍保护', '群众文艺汇演'] },
  { path: 'world', name: '国际', topics: ['气候变化合作', '国际贸易', '跨境电商', '海外文化交流', '国际航线', '全球供应链'] },
];

const PLACES = ['乌鲁木齐', '喀什', '伊犁', '阿克苏', '和田', '克拉玛依', '北京', '上海', '广州', '深圳', '成都', '杭州', '西安', '武汉', '南京', '长沙'];
const ORGS = ['市人民政府', '区发展和改革委员会', '市民政局', '市科技局', '市文化和旅游局', '市人力资源和社会保障局', '市住房和城乡建设局', '市卫生健康委员会'];
const ACTIONS = ['启动', '推出', '完成', '加快推进', '全面实施', '举办', '发布', '试点'];
export const OUTCOMES = ['取得阶段性成效', '惠及群众超过十万人次', '覆盖全部街道社区', '提前完成年度目标', '获得广泛好评', '进入全面推广阶段'];
export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭'];
export const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '建华', '海燕', '晓东', '志强'];
const SOURCES = ['新华社', '人民日报', '新疆日报', '光明日报', '经济日报', '科技日报', '中国新闻网'];
const OUTLETS = ['新华社', '人民日报', '新疆日报', '光明日报', '经济日报', '科技日报'];

const SENTENCES: ReadonlyArray<(w: Words) => string> = [
  (w) => `记者从${w.place}${w.org}获悉，${w.place}${w.action}${w.topic}相关工作，目前已${w.outcome}。`,
  (w) => `据介绍，今年以来，${w.place}围绕${w.topic}制定了${w.n}项具体措施，明确了时间表和路线图。`,
  (w) => `“我们把${w.topic}作为今年的重点任务，一件一件抓落实。”${w.org}负责人${w.person}说。`,
  (w) => `在${w.place}的一处服务站，工作人员正在为前来咨询的群众耐心讲解${w.topic}的新变化。`,
  (w) => `数据显示，截至${w.month}月底，相关项目累计投入资金${w.n}亿元，带动就业${w.n2}万人。`,
  (w) => `不少市民表示，${w.topic}让日常生活更加便利，“办事不再来回跑，心里踏实多了”。`,
  (w) => `业内专家认为，${w.topic}既要立足当前，也要着眼长远，持续完善配套政策。`,
  (w) => `下一步，${w.place}将继续深化${w.topic}，推动更多优质资源向基层延伸。`,
  (w) => `${w.person}是一名在一线工作了${w.n}年的老员工，他见证了${w.topic}从无到有的全过程。`,
  (w) => `为确保各项措施落地见效，${w.org}建立了定期调度和督导检查机制。`,
];

interface Words {
  place: string;
  org: string;
  action: string;
  topic: string;
  outcome: string;
  person: string;
  n: number;
  n2: number;
  month: number;
}

/** mulberry32: a tiny seeded PRNG, good enough to vary demo copy reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)] as T;
}

function personName(rnd: () => number): string {
  return pick(rnd, SURNAMES) + pick(rnd, GIVEN);
}

export interface DemoArticle {
  readonly channelPath: string;
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly source: string;
  readonly credit: string;
  readonly reporters: readonly string[];
  readonly editorInCharge: string;
  /** How long before the anchor time it was published. */
  readonly ageMinutes: number;
}

/**
 * The n-th demo article for a channel. Every few articles run long, so the fold on
 * small screens has something to fold.
 */
export function demoArticle(channel: DemoChannel, n: number, seed = 2026): DemoArticle {
  const rnd = seededRandom(seed * 100_003 + n * 7919 + channel.path.length * 31 + channel.name.charCodeAt(0));
  const words = (): Words => ({
    place: pick(rnd, PLACES),
    org: pick(rnd, ORGS),
    action: pick(rnd, ACTIONS),
    topic: pick(rnd, channel.topics),
    outcome: pick(rnd, OUTCOMES),
    person: personName(rnd),
    n: 2 + Math.floor(rnd() * 30),
    n2: 1 + Math.floor(rnd() * 9),
    month: 1 + Math.floor(rnd() * 11),
  });
  const head = words();
  const title = `${head.place}${head.action}${head.topic}${rnd() < 0.4 ? `——${head.outcome}` : ''}`;
  const paragraphCount = n % 4 === 0 ? 10 + Math.floor(rnd() * 6) : 3 + Math.floor(rnd() * 4);
  const paragraphs: string[] = [];
  for (let p = 0; p < paragraphCount; p++) {
    const count = 2 + Math.floor(rnd() * 3);
    let text = '';
    for (let s = 0; s < count; s++) text += pick(rnd, SENTENCES)({ ...words(), place: head.place, topic: head.topic });
    paragraphs.push(text);
  }
  const reporters = rnd() < 0.3 ? [personName(rnd), personName(rnd)] : [personName(rnd)];
  const outlet = pick(rnd, OUTLETS);
  return {
    channelPath: channel.path,
    title,
    paragraphs,
    source: pick(rnd, SOURCES),
    credit: `${outlet}记者 ${reporters.join(' ')}`,
    reporters,
    editorInCharge: personName(rnd),
    ageMinutes: Math.floor(rnd() * 60 * 24 * 3) + n * 60 * 24 * 4,
  };
}

/**
 * The capability matrix: which role may do what. This table is the single source: routes
 * ask `can(role, action)`, services check ownership on top, docs/roles.md is generated from
 * it (`npm run docs:roles`), and a test runs every role against every action over HTTP.
 */
import type { Role } from './roles.ts';

export const ACTIONS = {
  'article.create': { zh: '新建稿件', en: 'Create an article' },
  'article.edit_own_draft': { zh: '编辑自己的草稿', en: 'Edit own drafts' },
  'article.edit_others_draft': { zh: '编辑他人的草稿和待审稿件', en: "Edit others' drafts and articles in review" },
  'article.correct_published': { zh: '更正已发布稿件', en: 'Correct a published article' },
  'article.view_all': { zh: '查看所有稿件', en: 'See every article in the newsroom' },
  'article.submit': { zh: '提交审核', en: 'Submit for review' },
  'article.approve': { zh: '审核通过（按频道审核流程）', en: "Approve (per the channel's review stages)" },
  'article.send_back': { zh: '退回修改', en: 'Send back with a comment' },
  'article.publish': { zh: '发布已审核稿件', en: 'Publish an approved article' },
  'article.publish_unreviewed': { zh: '跳过审核直接发布', en: 'Publish without review' },
  'article.schedule': { zh: '定时发布、定时撤稿', en: 'Schedule publishing and withdrawal' },
  'article.withdraw': { zh: '撤稿', en: 'Withdraw a published article' },
  'article.place': { zh: '设置稿件位置标记（视觉焦点、独家策划、推荐阅读、置顶）', en: "Set an article's placement (visual focus, exclusive feature, recommended, pinned)" },
  'article.preview_link': { zh: '生成预览链接', en: 'Create a preview link' },
  'article.restore_revision': { zh: '恢复历史版本', en: 'Restore an earlier revision' },
  'media.upload': { zh: '上传图片', en: 'Upload images' },
  'media.edit_others': { zh: '编辑他人上传图片的说明', en: "Edit others' image captions" },
  'placement.manage': { zh: '管理推荐位', en: 'Manage curated slots' },
  'moods.review_alerts': { zh: '处理疑似刷票提醒', en: 'Review vote-stuffing alerts' },
  'moods.configure': { zh: '配置心情选项', en: 'Configure the mood set' },
  'channel.manage': { zh: '管理频道', en: 'Manage channels' },
  'topic.manage': { zh: '管理专题', en: 'Manage topics' },
  'lists.manage': { zh: '管理来源与人员名录', en: 'Manage the lists of sources and people' },
  'review.configure': { zh: '配置审核流程', en: 'Configure review stages' },
  'user.manage': { zh: '管理用户和角色', en: 'Manage users and roles' },
  'audit.view': { zh: '查看审计日志', en: 'View the audit log' },
  'api_keys.manage': { zh: '管理内容 API 密钥', en: 'Manage content API keys' },
} as const;

export type Action = keyof typeof ACTIONS;

const R: Role = 'reporter';
const E: Role = 'editor';
const C: Role = 'chief_editor';
const A: Role = 'admin';

export const MATRIX: Readonly<Record<Action, readonly Role[]>> = {
  'article.create': [R, E, C, A],
  'article.edit_own_draft': [R, E, C, A],
  'article.edit_others_draft': [E, C, A],
  'article.correct_published': [E, C, A],
  'article.view_all': [E, C, A],
  'article.submit': [R, E, C, A],
  'article.approve': [E, C, A],
  'article.send_back': [E, C, A],
  'article.publish': [E, C, A],
  'article.publish_unreviewed': [C, A],
  'article.schedule': [E, C, A],
  'article.withdraw': [E, C, A],
  'article.place': [E, C, A],
  'article.preview_link': [R, E, C, A],
  'article.restore_revision': [R, E, C, A],
  'media.upload': [R, E, C, A],
  'media.edit_others': [E, C, A],
  'placement.manage': [E, C, A],
  'moods.review_alerts': [E, C, A],
  'moods.configure': [A],
  'channel.manage': [C, A],
  'topic.manage': [C, A],
  'lists.manage': [C, A],
  'review.configure': [C, A],
  'user.manage': [A],
  'audit.view': [A],
  'api_keys.manage': [A],
};

export function can(role: Role, action: Action): boolean {
  return MATRIX[action].includes(role);
}

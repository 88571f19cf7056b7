/**
 * Reader UI text. Chinese is the default; English is a site setting (SITE_LOCALE=en).
 * The zh-CN labels follow the reference capture (来源:, [ 责编:… ], 阅读剩余全文).
 */
import type { Locale } from '../../config/config.ts';

const zhCN = {
  htmlLang: 'zh-CN',
  skipToContent: '跳到正文',
  home: '首页',
  mainNav: '频道导航',
  breadcrumb: '当前位置',
  breadcrumbCurrent: '正文',
  readingNow: '正在阅读:',
  source: '来源:',
  updated: '更新时间:',
  previewBanner: '预览：这篇稿件尚未对读者公开',
  withdrawnTitle: '文章已撤稿',
  withdrawnBody: '这篇文章已被撤下，无法阅读。',
  editorInCharge: (name: string) => `[ 责编:${name} ]`,
  credit: (text: string) => `(${text})`,
  reportersCredit: (names: string) => `记者 ${names}`,
  foldMore: '阅读剩余全文',
  share: '分享',
  shareWeChatTap: '点击右上角',
  shareWeChatFriends: '微信好友',
  shareWeChatMoments: '朋友圈',
  shareWeChatClose: '关闭',
  shareBrowserHint: '请使用浏览器分享功能进行分享',
  shareLinkLabel: '本文链接',
  shareCopy: '复制链接',
  shareCopied: '已复制',
  shareQr: '手机扫码阅读',
  latest: '最新',
  subChannels: '子频道',
  noArticles: '这里还没有文章。',
  nextPage: '下一页',
  firstPage: '回到第一页',
  notFoundTitle: '页面不存在',
  notFoundBody: '您访问的页面不存在或已被删除。',
  backHome: '返回首页',
  errorTitle: '出错了',
  footer: (site: string) => `${site} · 版权所有`,
  channels: '频道',
} as const;

type Messages = { readonly [K in keyof typeof zhCN]: (typeof zhCN)[K] extends (...a: infer A) => string ? (...a: A) => string : string };

const en: Messages = {
  htmlLang: 'en',
  skipToContent: 'Skip to content',
  home: 'Home',
  mainNav: 'Sections',
  breadcrumb: 'You are here',
  breadcrumbCurrent: 'Article',
  readingNow: 'Now reading: ',
  source: 'Source: ',
  updated: 'Updated: ',
  previewBanner: 'Preview: readers cannot see this article yet',
  withdrawnTitle: 'Article withdrawn',
  withdrawnBody: 'This article has been withdrawn and can no longer be read.',
  editorInCharge: (name) => `[ Editor: ${name} ]`,
  credit: (text) => `(${text})`,
  reportersCredit: (names) => `By ${names}`,
  foldMore: 'Read the rest',
  share: 'Share',
  shareWeChatTap: 'Tap the menu at the top right',
  shareWeChatFriends: 'Send to a friend',
  shareWeChatMoments: 'Share to Moments',
  shareWeChatClose: 'Close',
  shareBrowserHint: "Use your browser's share feature to share",
  shareLinkLabel: 'Link to this article',
  shareCopy: 'Copy link',
  shareCopied: 'Copied',
  shareQr: 'Scan to read on your phone',
  latest: 'Latest',
  subChannels: 'Sections',
  noArticles: 'Nothing published here yet.',
  nextPage: 'Next page',
  firstPage: 'Back to the first page',
  notFoundTitle: 'Page not found',
  notFoundBody: 'The page you asked for does not exist or has been removed.',
  backHome: 'Back to the home page',
  errorTitle: 'Something went wrong',
  footer: (site) => `© ${site}`,
  channels: 'Sections',
};

export type { Messages };

export function messagesFor(locale: Locale): Messages {
  return locale === 'en' ? en : zhCN;
}

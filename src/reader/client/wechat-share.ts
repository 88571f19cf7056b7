/**
 * WeChat's share card, set through its JS-SDK. Runs only inside WeChat and only when the
 * operator configured an official account (the page then carries its app id): otherwise
 * nothing is loaded from outside. The card's title, text, link and picture are the page's
 * own Open Graph tags, the same ones WeChat reads without the SDK.
 */
const SDK_URL = 'https://res.wx.qq.com/open/js/jweixin-1.6.0.js';

interface WxShare {
  title: string;
  desc?: string;
  link: string;
  imgUrl: string;
}

interface Wx {
  config(options: Record<string, unknown>): void;
  ready(fn: () => void): void;
  updateAppMessageShareData(data: WxShare): void;
  updateTimelineShareData(data: Omit<WxShare, 'desc'>): void;
}

function meta(selector: string): string {
  return document.querySelector<HTMLMetaElement>(`meta[${selector}]`)?.content ?? '';
}

export function enhanceWeChatShare(): void {
  const appId = meta('name="masthead:wechat-app-id"');
  if (!appId || !/MicroMessenger/i.test(navigator.userAgent)) return;
  const pageUrl = location.href.split('#')[0] ?? location.href;
  fetch(`/api/v1/wechat/signature?url=${encodeURIComponent(pageUrl)}`)
    .then((res) => (res.ok ? (res.json() as Promise<{ appId: string; timestamp: number; nonceStr: string; signature: string }>) : Promise.reject(new Error(String(res.status)))))
    .then((sig) => {
      const script = document.createElement('script');
      script.src = SDK_URL;
      script.onload = () => {
        const wx = (window as unknown as { wx?: Wx }).wx;
        if (!wx) return;
        wx.config({ debug: false, ...sig, jsApiList: ['updateAppMessageShareData', 'updateTimelineShareData'] });
        wx.ready(() => {
          const card = {
            title: meta('property="og:title"') || document.title,
            link: meta('property="og:url"') || pageUrl,
            imgUrl: meta('property="og:image"'),
          };
          wx.updateAppMessageShareData({ ...card, desc: meta('property="og:description"') });
          wx.updateTimelineShareData(card);
        });
      };
      document.head.append(script);
    })
    // Without the SDK WeChat still builds a card from the same tags: nothing to tell the reader.
    .catch(() => undefined);
}

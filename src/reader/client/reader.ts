/**
 * Progressive enhancement for reader pages. Every feature already works without this
 * script (see the views); here each one gets the nicer behaviour a browser allows.
 */
import { enhanceCarousels } from './carousel.ts';
import { enhanceFold } from './fold.ts';
import { enhanceLoadMore } from './load-more.ts';
import { enhanceMoods } from './moods.ts';
import { enhanceReadingBar } from './reading-bar.ts';
import { enhanceShare } from './share.ts';
import { enhanceWeChatShare } from './wechat-share.ts';

document.documentElement.classList.add('js');
enhanceReadingBar();
enhanceFold();
enhanceShare();
enhanceWeChatShare();
enhanceMoods();
enhanceLoadMore();
enhanceCarousels();

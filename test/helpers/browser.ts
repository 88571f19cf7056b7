/**
 * Debian's Chromium driven by playwright-core. No browser is ever downloaded: when
 * /usr/bin/chromium is missing the browser suites announce it loudly, and fail when
 * skipping is forbidden (CI installs the package first).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function browserAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  const line = `SKIPPED: ${suite} — no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.MASTHEAD_FORBID_SKIP === '1') throw new Error(`${line} (skipping is forbidden here)`);
  console.warn(`\n${'!'.repeat(80)}\n${line}\n${'!'.repeat(80)}\n`);
  return false;
}

const violations = new WeakMap<Browser, string[]>();

/**
 * Every page of every context this browser opens reports what the Content-Security-Policy
 * blocked (Chromium logs each refusal as a console error): suites assert the list is empty,
 * so a policy that breaks a script of ours fails the browser tests.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const seen: string[] = [];
  violations.set(browser, seen);
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.on('console', (message) => {
      if (message.type() === 'error' && message.text().includes('Content Security Policy')) seen.push(`${message.location().url}: ${message.text()}`);
    });
    return context;
  };
  return browser;
}

export function cspViolations(browser: Browser): readonly string[] {
  return violations.get(browser) ?? [];
}

export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
} as const;

export const WECHAT_PHONE = {
  ...PHONE,
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.0.0 Mobile Safari/537.36 XWEB/1260117 MMWEBSDK/20240501 MicroMessenger/8.0.50.2701(0x28003252) WeChat/arm64 NetType/WIFI Language/zh_CN',
} as const;

export const DESKTOP = { viewport: { width: 1280, height: 900 } } as const;

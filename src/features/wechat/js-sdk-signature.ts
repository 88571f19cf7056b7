/**
 * The WeChat JS-SDK signature: SHA-1 of the four fields in this exact order and form
 * (WeChat's "JS-SDK 使用权限签名算法"). The URL is the page's, without its #fragment.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface JsSdkSignatureInput {
  readonly ticket: string;
  readonly nonceStr: string;
  readonly timestamp: number;
  readonly url: string;
}

export function jsSdkSignature(input: JsSdkSignatureInput): string {
  const text = `jsapi_ticket=${input.ticket}&noncestr=${input.nonceStr}&timestamp=${input.timestamp}&url=${input.url.split('#')[0]}`;
  return createHash('sha1').update(text).digest('hex');
}

/** 16 letters and digits, as WeChat's own examples use. */
export function newNonce(): string {
  return randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16);
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsSdkSignature, newNonce } from './js-sdk-signature.ts';

describe('WeChat JS-SDK signature', () => {
  it("matches the worked example in WeChat's JS-SDK documentation", () => {
    const signature = jsSdkSignature({
      ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
      nonceStr: 'Wm3WZYTPz0wzccnW',
      timestamp: 1414587457,
      url: 'http://mp.weixin.qq.com?params=value',
    });
    assert.equal(signature, '0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });

  it('signs the URL without its fragment', () => {
    const base = { ticket: 't', nonceStr: 'n', timestamp: 1 };
    assert.equal(jsSdkSignature({ ...base, url: 'https://a.example/x?y=1#top' }), jsSdkSignature({ ...base, url: 'https://a.example/x?y=1' }));
  });

  it('makes 16-character nonces of letters and digits, different each time', () => {
    const a = newNonce();
    assert.match(a, /^[A-Za-z0-9]{16}$/);
    assert.notEqual(a, newNonce());
  });
});

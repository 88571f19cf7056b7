/**
 * Cleans HTML pasted from Word and from WeChat articles before the editor parses it.
 * The editor's schema already drops what it does not know; this removes what would
 * otherwise turn into stray text or empty blocks: Word's conditional comments, XML
 * islands, style blocks and <o:p>, WeChat's <section> scaffolding and inline styles.
 * The server sanitises again on save.
 */
export function cleanPastedHtml(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const body = doc.body;
  // Comments (Word's <!--[if …]> blocks) and non-content elements.
  const walker = doc.createTreeWalker(body, NodeFilter.SHOW_COMMENT);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  for (const c of comments) c.parentNode?.removeChild(c);
  for (const el of body.querySelectorAll('style, script, meta, link, xml, title, o\\:p, iframe, object, embed')) el.remove();
  // WeChat wraps everything in <section>s: treat each as a paragraph-level block.
  for (const section of body.querySelectorAll('section')) {
    const hasBlocks = section.querySelector('p, h1, h2, h3, h4, ul, ol, blockquote, img, section');
    const replacement = doc.createElement(hasBlocks ? 'div' : 'p');
    replacement.append(...section.childNodes);
    section.replaceWith(replacement);
  }
  for (const el of body.querySelectorAll('*')) {
    for (const attr of [...el.attributes]) {
      if (attr.name !== 'href' && attr.name !== 'src' && attr.name !== 'alt') el.removeAttribute(attr.name);
    }
  }
  // Word marks empty spacer paragraphs with &nbsp;; they become nothing.
  for (const p of body.querySelectorAll('p')) {
    if (!p.textContent?.replace(/[\s\u00a0]/g, '') && !p.querySelector('img')) p.remove();
  }
  return body.innerHTML;
}

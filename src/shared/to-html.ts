/**
 * Reader views are synchronous: data is loaded before rendering, so a view is a plain
 * function from a view model to a string. Kita types JSX as string | Promise<string>;
 * this turns an accidental async component into a loud error rather than "[object Promise]".
 */
export function toHtml(element: JSX.Element): string {
  if (typeof element !== 'string') throw new TypeError('reader views must render synchronously');
  return element;
}

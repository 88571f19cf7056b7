/**
 * Kita's JSX types lack the microdata attributes; share cards in WeChat and QQ read
 * <meta itemprop>, so the reader's head needs them.
 */
declare namespace JSX {
  interface HtmlTag {
    itemprop?: undefined | string;
  }
}

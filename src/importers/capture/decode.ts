/**
 * Captures arrive as bytes. UTF-8 is the default; Chinese sites often still serve GBK or
 * GB18030, which the caller names explicitly. Invalid bytes are an error, never mojibake.
 */
export class DecodeError extends Error {}

export function decodeCapture(bytes: Uint8Array, encoding = 'utf-8'): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
  } catch {
    throw new DecodeError(`unknown encoding "${encoding}" (try utf-8, gb18030 or gbk)`);
  }
  // Browsers read GBK (and GB2312) with the GB18030 decoder, as the Encoding Standard says.
  // Node's own GBK table refuses GB18030's four-byte characters (•, no-break space, 龦, emoji)
  // and reads 101 two-byte ones as private-use points: a refusal or mojibake for a page
  // every browser shows correctly.
  if (decoder.encoding === 'gbk') decoder = new TextDecoder('gb18030', { fatal: true, ignoreBOM: false });
  try {
    return decoder.decode(bytes);
  } catch {
    const hint = decoder.encoding === 'utf-8' ? '; if it is GBK or GB18030, pass --encoding gb18030' : '';
    throw new DecodeError(`not valid ${decoder.encoding} text${hint}`);
  }
}

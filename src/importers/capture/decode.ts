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
  try {
    return decoder.decode(bytes);
  } catch {
    const hint = decoder.encoding === 'utf-8' ? '; if it is GBK or GB18030, pass --encoding gb18030' : '';
    throw new DecodeError(`not valid ${decoder.encoding} text${hint}`);
  }
}

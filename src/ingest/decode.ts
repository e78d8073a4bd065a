// Turn raw bytes into text, or say exactly why not. Nothing here guesses an encoding silently.

export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly reason: string,
    /** A file a directory walk passed over (wrong type), not a failure of the batch. */
    readonly incidental = false,
  ) {
    super(`${input}: ${reason}`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Byte offset of the first invalid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    let need = 0;
    if (b < 0x80) need = 0;
    else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return i;
    if (i + need >= buf.length && need > 0) return i;
    for (let k = 1; k <= need; k++) if ((buf[i + k]! & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return -1;
}

/** A NUL byte, or many control characters, in the first 8 KiB marks a binary file. */
export function looksBinary(buf: Uint8Array): boolean {
  const n = Math.min(buf.length, 8192);
  let ctrl = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i]!;
    if (b === 0) return true;
    if (b < 8 || (b > 13 && b < 32 && b !== 27)) ctrl++;
  }
  return n > 0 && ctrl / n > 0.05;
}

export function decodeText(buf: Uint8Array, input: string): string {
  if (buf.length === 0) throw new InputError(input, 'empty file');
  if (looksBinary(buf)) throw new InputError(input, 'binary file, not text');
  let text: string;
  try {
    text = utf8.decode(buf);
  } catch {
    throw new InputError(input, `invalid UTF-8 at byte ${firstInvalidUtf8(buf)}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!text.trim()) throw new InputError(input, 'empty file (only whitespace)');
  return text;
}

import { AVATAR_MAX_BYTES, AVATAR_SIDE } from '../../../core/avatar/avatar-image';
import { LanlineError } from '../../../core/errors';

/** Qualities tried in turn until the picture fits; a 96×96 photo fits at the first one or two. */
const QUALITIES = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];
/** A decoder this close to the file cannot be handed anything of any size. */
const MAX_SOURCE_BYTES = 32 * 1024 * 1024;

/**
 * A picture as colleagues will see it: the centred square of the image,
 * 96×96, as WebP (or JPEG where the browser cannot write WebP) of at most
 * 12 KiB, lowering the quality until it fits. Chromium decodes the chosen
 * file here, in the sandboxed renderer; the backend only ever gets the result.
 */
export async function encodeAvatar(file: Blob): Promise<Uint8Array> {
  if (!file.type.startsWith('image/') || file.type === 'image/svg+xml')
    throw new LanlineError('invalid-input', 'Choose a photo or picture (PNG, JPEG, WebP, GIF…).');
  if (file.size > MAX_SOURCE_BYTES)
    throw new LanlineError('invalid-input', 'That image is larger than 32 MB; choose a smaller one.');
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new LanlineError('invalid-input', 'This image could not be read; it may be damaged.');
  }
  const side = Math.min(bitmap.width, bitmap.height);
  const canvas = new OffscreenCanvas(AVATAR_SIDE, AVATAR_SIDE);
  const context = canvas.getContext('2d')!;
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, AVATAR_SIDE, AVATAR_SIDE);
  bitmap.close();
  for (const type of ['image/webp', 'image/jpeg']) {
    for (const quality of QUALITIES) {
      const blob = await canvas.convertToBlob({ type, quality });
      // A browser that cannot write the type silently writes PNG instead.
      if (blob.type !== type) break;
      if (blob.size <= AVATAR_MAX_BYTES) return new Uint8Array(await blob.arrayBuffer());
    }
  }
  throw new LanlineError('invalid-input', 'This picture would not fit in 12 KB even at low quality; try a simpler one.');
}

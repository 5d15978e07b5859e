import { THUMBNAIL_MAX_BYTES, type Thumbnail } from '../../../core/files/manifest';
import { toBase64 } from '../backend/base64';

const EDGE = 240;
const QUALITIES = [0.8, 0.65, 0.5, 0.35];
/** Large enough images are worth a preview; a decoder this close to the file cannot run forever either. */
const MAX_SOURCE_BYTES = 64 * 1024 * 1024;

/**
 * A small JPEG of a dropped image, at most 240 px on its longer side and
 * 16 KB, so the recipients see it before they accept. Undefined for anything
 * the browser cannot decode; the file is sent either way.
 */
export async function makeThumbnail(file: Blob): Promise<Thumbnail | undefined> {
  if (!file.type.startsWith('image/') || file.type === 'image/svg+xml' || file.size > MAX_SOURCE_BYTES) return undefined;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, EDGE / Math.max(bitmap.width, bitmap.height));
    const canvas = new OffscreenCanvas(
      Math.max(1, Math.round(bitmap.width * scale)),
      Math.max(1, Math.round(bitmap.height * scale)),
    );
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    for (const quality of QUALITIES) {
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
      if (blob.size <= THUMBNAIL_MAX_BYTES)
        return { type: 'image/jpeg', data: toBase64(new Uint8Array(await blob.arrayBuffer())) };
    }
  } catch {
    // Not an image this browser can read: no thumbnail.
  }
  return undefined;
}

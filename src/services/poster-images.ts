import { createHash } from 'node:crypto';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { AppError, validationError } from '../contract/errors.js';

/** The limits of a poster upload: each refusal names its limit. */
export const POSTER_MAX_BYTES = 5 * 1024 * 1024;
/** Decoding a larger image could take hundreds of MB of memory (a "pixel bomb" PNG is a few KB). */
export const POSTER_MAX_PIXELS = 40_000_000;
export const POSTER_TYPES = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' } as const;
export type PosterType = keyof typeof POSTER_TYPES;
/** Widths of the stored sizes; heights follow the image, capped at twice the width. */
export const POSTER_WIDTHS = { large: 600, small: 300 } as const;

export type PosterUpload = { contentType: string; bytes: Buffer };
export type PosterSizeRow = {
  size: 'small' | 'large';
  content_type: string;
  bytes: Buffer;
  etag: string;
  width: number;
  height: number;
};

export const isPosterType = (type: string): type is PosterType => Object.hasOwn(POSTER_TYPES, type);

/** The media type without parameters, lower case: `image/PNG; x=1` is image/png. */
export const mediaTypeOf = (header: string | undefined) => (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

const etagOf = (bytes: Buffer) => `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 32)}"`;

/**
 * Checks an upload is the image it says it is, within the limits, and writes both sizes as WebP
 * (EXIF orientation applied, metadata dropped). Never enlarges a small image.
 */
export async function resizePoster(upload: PosterUpload): Promise<PosterSizeRow[]> {
  const type = mediaTypeOf(upload.contentType);
  if (!isPosterType(type)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the poster as ${Object.keys(POSTER_TYPES).join(', ')}`);
  }
  if (upload.bytes.length === 0) throw validationError([{ field: 'body', message: 'the poster image is empty' }]);
  if (upload.bytes.length > POSTER_MAX_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', `A poster can be at most ${POSTER_MAX_BYTES} bytes (5 MB)`);
  }
  let meta: Metadata;
  try {
    meta = await sharp(upload.bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw validationError([{ field: 'body', message: `is not a readable ${POSTER_TYPES[type].toUpperCase()} image` }]);
  }
  if (meta.format !== POSTER_TYPES[type]) {
    throw validationError([{ field: 'body', message: `is a ${meta.format ?? 'unknown'} image but Content-Type says ${type}` }]);
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width * height > POSTER_MAX_PIXELS) {
    throw validationError([
      { field: 'body', message: `is ${width}x${height} pixels; a poster can have at most ${POSTER_MAX_PIXELS} pixels` },
    ]);
  }
  const sizes: PosterSizeRow[] = [];
  for (const size of ['large', 'small'] as const) {
    const target = POSTER_WIDTHS[size];
    let result: { data: Buffer; info: OutputInfo };
    try {
      result = await sharp(upload.bytes, { limitInputPixels: POSTER_MAX_PIXELS })
        .rotate()
        .resize({ width: target, height: target * 2, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer({ resolveWithObject: true });
    } catch {
      // Headers that read but pixel data that does not (a truncated file).
      throw validationError([{ field: 'body', message: `is not a readable ${POSTER_TYPES[type].toUpperCase()} image` }]);
    }
    sizes.push({
      size,
      content_type: 'image/webp',
      bytes: result.data,
      etag: etagOf(result.data),
      width: result.info.width,
      height: result.info.height,
    });
  }
  return sizes;
}

import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { ATTACHMENT_TYPES, type AttachmentType } from '../../core/attachments/vocabulary.ts';
import { ProblemError } from '../platform/http/problem.ts';

/**
 * What an uploaded file really is, decided from its bytes (the declared type and the file name are not
 * trusted), and the form in which it is kept: images are decoded and written anew without their metadata
 * (EXIF with its GPS position and camera, XMP, IPTC, ICC profile), turned upright first, since a photo's GPS
 * tag can reveal a shelter. PDFs are kept as they are.
 */

/** Larger images are refused before decoding (a small file can declare an enormous canvas). */
const MAX_PIXELS = 60_000_000;

export interface StoredContent {
  mediaType: AttachmentType;
  bytes: Buffer;
  metadataRemoved: boolean;
}

const isAttachmentType = (mime: string): mime is AttachmentType => mime in ATTACHMENT_TYPES;

export const unsupportedFile = () =>
  new ProblemError(
    'unsupported-media-type',
    'El archivo no es un PDF ni una imagen JPEG, PNG o WebP; no se guardó.',
    {
      errors: [
        {
          field: 'body',
          code: 'unsupported_type',
          message: 'Se aceptan PDF, JPEG, PNG y WebP (se reconoce por el contenido, no por el nombre).',
        },
      ],
    },
  );

export async function storedContentOf(upload: Buffer): Promise<StoredContent> {
  const sniffed = await fileTypeFromBuffer(upload);
  if (!sniffed || !isAttachmentType(sniffed.mime)) throw unsupportedFile();
  if (sniffed.mime === 'application/pdf')
    return { mediaType: 'application/pdf', bytes: upload, metadataRemoved: false };
  return {
    mediaType: sniffed.mime,
    bytes: await withoutMetadata(upload, sniffed.mime),
    metadataRemoved: true,
  };
}

async function withoutMetadata(upload: Buffer, mediaType: Exclude<AttachmentType, 'application/pdf'>) {
  let bytes: Buffer;
  try {
    // sharp writes no metadata unless asked to (keepMetadata / withMetadata): none is asked for here.
    const image = sharp(upload, { failOn: 'error', limitInputPixels: MAX_PIXELS }).rotate();
    const encoded =
      mediaType === 'image/jpeg'
        ? image.jpeg({ quality: 90 })
        : mediaType === 'image/png'
          ? image.png()
          : image.webp({ quality: 90 });
    bytes = await encoded.toBuffer();
  } catch {
    throw new ProblemError(
      'unsupported-media-type',
      'La imagen está dañada o no se puede leer; no se guardó.',
      {
        errors: [{ field: 'body', code: 'unreadable_image', message: 'No se pudo leer la imagen.' }],
      },
    );
  }
  const written = await sharp(bytes).metadata();
  if (written.exif || written.xmp || written.iptc || written.icc)
    throw new Error('re-encoded image still carries metadata');
  return bytes;
}

/** The file name as shown and offered on download: no folders or control characters, the real extension. */
export function cleanFileName(declared: string, mediaType: AttachmentType): string {
  const base = declared
    .split(/[\\/]/)
    .pop()!
    .replace(/[\p{Cc}\p{Cf}"]/gu, '')
    .trim();
  const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, '').trim() || 'adjunto';
  return `${stem.slice(0, 200)}.${ATTACHMENT_TYPES[mediaType]}`;
}

/** Content-Disposition of a download: an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/[\\"%;]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

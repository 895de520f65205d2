import { inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { SESSION_COOKIE } from '../../../src/server/platform/auth/authenticate.ts';
import type { HttpClient } from '../../support/http-client.ts';

/** Fixtures of the attachment and printed-summary tests: raw bytes over real HTTP, and what is in them. */

export interface BinaryResponse {
  status: number;
  headers: Headers;
  bytes: Buffer;
  /** The JSON body (problem documents, upload results), when there is one. */
  json: any;
}

/** A request with the client's session and CSRF token and a body of bytes. */
export async function sendBytes(
  client: HttpClient,
  method: 'GET' | 'POST',
  path: string,
  options: { body?: Buffer; contentType?: string } = {},
): Promise<BinaryResponse> {
  const headers: Record<string, string> = {};
  if (client.cookie) headers.cookie = `${SESSION_COOKIE}=${client.cookie}`;
  if (method !== 'GET' && client.csrfToken) headers['x-csrf-token'] = client.csrfToken;
  if (options.body) headers['content-type'] = options.contentType ?? 'application/octet-stream';
  const response = await fetch(`${client.baseUrl}${path}`, {
    method,
    headers,
    body: options.body ? new Uint8Array(options.body) : undefined,
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    json: isJson ? JSON.parse(bytes.toString()) : undefined,
  };
}

export const upload = (
  client: HttpClient,
  path: string,
  body: Buffer,
  query: Record<string, string>,
  contentType?: string,
) => sendBytes(client, 'POST', `${path}?${new URLSearchParams(query)}`, { body, contentType });

export const download = (client: HttpClient, path: string) => sendBytes(client, 'GET', path);

/** Where the photo was taken and with what: what must never leave a shelter. */
export const GPS = {
  latitude: '15/1 28/1 3012/100',
  longitude: '90/1 22/1 4518/100',
  camera: 'CanonShelterCam',
};

/** A JPEG photo carrying EXIF with the camera's make and model and a GPS position. */
export function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: GPS.camera, Model: 'EOS-Refugio', Software: 'CameraFirmware' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: GPS.latitude,
        GPSLongitudeRef: 'W',
        GPSLongitude: GPS.longitude,
      },
    })
    .toBuffer();
}

export const png = () =>
  sharp({ create: { width: 10, height: 10, channels: 4, background: { r: 0, g: 90, b: 200, alpha: 1 } } })
    .png()
    .toBuffer();

/** A small real PDF with a recognisable text in it. */
export function pdfWith(text: string): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  objects.forEach((object, index) => {
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  return Buffer.from(`${body}trailer\n<< /Root 1 0 R >>\n%%EOF\n`, 'latin1');
}

/** The start of a Windows executable (MZ header, PE signature): what a renamed .exe looks like. */
export function windowsExecutable(): Buffer {
  const bytes = Buffer.alloc(1024);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  bytes.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  return bytes;
}

/** The APP1 (EXIF/XMP) segments of a JPEG. */
export function jpegApp1Segments(jpeg: Buffer): Buffer[] {
  const segments: Buffer[] = [];
  let offset = 2;
  while (offset + 4 <= jpeg.length && jpeg[offset] === 0xff) {
    const marker = jpeg[offset + 1]!;
    if (marker === 0xda) break; // start of scan: no more metadata segments
    const length = jpeg.readUInt16BE(offset + 2);
    if (marker === 0xe1) segments.push(jpeg.subarray(offset + 4, offset + 2 + length));
    offset += 2 + length;
  }
  return segments;
}

// WinAnsi codes 0x80–0x9f that differ from Latin-1 (those the summary may print).
const WIN_ANSI: Record<number, string> = {
  0x91: '\u2018',
  0x92: '\u2019',
  0x93: '\u201c',
  0x94: '\u201d',
  0x96: '\u2013',
  0x97: '\u2014',
  0x95: '\u2022',
  0x85: '\u2026',
};

/**
 * The text shown by a PDF written with the standard fonts: every content stream inflated, every string
 * of a Tj operator decoded from WinAnsi. One string per shown text run.
 */
export function pdfText(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const texts: string[] = [];
  for (const match of raw.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = raw.indexOf('endstream', start);
    const chunk = pdf.subarray(start, end);
    let content: string;
    try {
      content = inflateSync(chunk).toString('latin1');
    } catch {
      content = chunk.toString('latin1');
    }
    for (const shown of content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
      const bytes = Buffer.from(shown[1]!, 'hex');
      texts.push([...bytes].map((b) => WIN_ANSI[b] ?? String.fromCharCode(b)).join(''));
    }
  }
  return texts;
}

import { degrees, PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';

/**
 * A plain printed document: a title, sections of labelled fields and paragraphs, a watermark across every
 * page and a footer with the page number. Only the PDF standard fonts are used (no font files, nothing
 * fetched); a character they cannot encode is replaced, never allowed to stop the printing.
 */

export type PdfBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'field'; label: string; value: string }
  | { kind: 'paragraph'; text: string }
  /** Shown prominently (e.g. a no-contact order). */
  | { kind: 'alert'; text: string };

export interface PdfSpec {
  title: string;
  subtitle: string;
  blocks: PdfBlock[];
  /** Written diagonally across every page (who printed it and when). */
  watermark: string;
  footer: (page: number, pages: number) => string;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const LABEL_WIDTH = 160;
const BODY = 10;
const LINE = 13;

/** Glottal stops and other apostrophes print as the typographic apostrophe the fonts have. */
const SUBSTITUTES: Record<string, string> = {
  '\u02bc': '\u2019',
  '\u02bb': '\u2018',
  '\u201b': '\u2019',
  '\u2032': "'",
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\t': ' ',
  '\u2011': '-',
  '\u2212': '-',
};

const charsets = new WeakMap<PDFFont, Set<number>>();

/** The text with every character the font can encode, the others replaced by a close one or "?". */
export function printable(font: PDFFont, text: string): string {
  let set = charsets.get(font);
  if (!set) charsets.set(font, (set = new Set(font.getCharacterSet())));
  const can = (c: string) => set.has(c.codePointAt(0)!);
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (char === '\n' || char === '\r') out += ' ';
    else if (can(char)) out += char;
    else if (SUBSTITUTES[char] !== undefined && [...SUBSTITUTES[char]].every(can)) out += SUBSTITUTES[char];
    else {
      const base = char.normalize('NFD').replace(/\p{M}/gu, '');
      out += base && [...base].every(can) ? base : '?';
    }
  }
  return out;
}

/** Lines of at most `width` points; a word longer than a line is cut. */
export function wrap(font: PDFFont, size: number, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  for (const word of text.split(/ +/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (!fits(line)) {
      let cut = line.length - 1;
      while (cut > 1 && !fits(line.slice(0, cut))) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

export async function renderPdf(spec: PdfSpec): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(spec.title);
  pdf.setCreator('Amparo');
  pdf.setProducer('Amparo');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const [width, height] = A4;
  const contentWidth = width - 2 * MARGIN;
  const watermark = printable(regular, spec.watermark);

  let page: PDFPage;
  let y = 0;
  const newPage = () => {
    page = pdf.addPage(A4);
    // Drawn first, so the text stays readable on top of it.
    for (const offset of [-220, 80]) {
      page.drawText(watermark, {
        x: MARGIN + 10,
        y: height / 2 + offset,
        size: 18,
        font: regular,
        color: rgb(0.6, 0.6, 0.6),
        opacity: 0.3,
        rotate: degrees(30),
      });
    }
    y = height - MARGIN;
  };
  const room = (needed: number) => {
    if (y - needed < MARGIN + 20) newPage();
  };
  const lines = (
    texts: string[],
    options: { x: number; font: PDFFont; size: number; color?: ReturnType<typeof rgb> },
  ) => {
    for (const text of texts) {
      room(LINE);
      page.drawText(text, {
        x: options.x,
        y: y - options.size,
        size: options.size,
        font: options.font,
        color: options.color ?? rgb(0, 0, 0),
      });
      y -= LINE;
    }
  };

  newPage();
  lines(wrap(bold, 16, printable(bold, spec.title), contentWidth), { x: MARGIN, font: bold, size: 16 });
  y -= 6;
  lines(wrap(regular, 9, printable(regular, spec.subtitle), contentWidth), {
    x: MARGIN,
    font: regular,
    size: 9,
    color: rgb(0.3, 0.3, 0.3),
  });

  for (const block of spec.blocks) {
    if (block.kind === 'heading') {
      y -= 10;
      room(LINE * 3);
      lines(wrap(bold, 12, printable(bold, block.text), contentWidth), { x: MARGIN, font: bold, size: 12 });
      page!.drawLine({
        start: { x: MARGIN, y: y - 2 },
        end: { x: width - MARGIN, y: y - 2 },
        thickness: 0.5,
        color: rgb(0.5, 0.5, 0.5),
      });
      y -= 8;
    } else if (block.kind === 'field') {
      const label = wrap(bold, 9, printable(bold, block.label), LABEL_WIDTH - 8);
      const value = wrap(regular, BODY, printable(regular, block.value), contentWidth - LABEL_WIDTH);
      const rows = Math.max(label.length, value.length);
      if (rows * LINE < height - 2 * MARGIN - 40) {
        // Side by side on one page.
        room(rows * LINE);
        const top = y;
        lines(label, { x: MARGIN, font: bold, size: 9 });
        y = top;
        lines(value, { x: MARGIN + LABEL_WIDTH, font: regular, size: BODY });
        y = top - rows * LINE;
      } else {
        lines(label, { x: MARGIN, font: bold, size: 9 });
        lines(value, { x: MARGIN + LABEL_WIDTH, font: regular, size: BODY });
      }
      y -= 2;
    } else if (block.kind === 'paragraph') {
      lines(wrap(regular, BODY, printable(regular, block.text), contentWidth), {
        x: MARGIN,
        font: regular,
        size: BODY,
      });
      y -= 2;
    } else {
      lines(wrap(bold, 11, printable(bold, block.text), contentWidth), {
        x: MARGIN,
        font: bold,
        size: 11,
        color: rgb(0.7, 0, 0),
      });
      y -= 4;
    }
  }

  const pages = pdf.getPages();
  pages.forEach((p, index) => {
    p.drawText(printable(regular, spec.footer(index + 1, pages.length)), {
      x: MARGIN,
      y: MARGIN - 20,
      size: 8,
      font: regular,
      color: rgb(0.3, 0.3, 0.3),
    });
  });
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

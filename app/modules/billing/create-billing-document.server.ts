// The shared layout of every billing PDF (statements and receipts): the operator's letterhead, the
// customer's details, key figures, tables that continue across pages with their header repeated,
// and a footer with page numbers. Text is drawn in runs so Arabic and Latin can share a line.
import path from "node:path";
import PDFDocument from "pdfkit";
import { splitTextRuns, type RunFont, type TextRun } from "./split-text-runs";

export const operatorDetails = {
  name: "Kiana & Business Partner LLC",
  lines: ["Muscat, Oman", "info@kianallc.com"],
  product: "Kiana WhatsApp Panel",
} as const;

// Kept in the repository with their licence (fonts/OFL.txt) and embedded in every document, so an
// issued PDF looks the same in every reader and never changes with a dependency update: Noto Sans
// draws Latin (and Greek and Cyrillic) text, Noto Naskh Arabic the Arabic.
const fontsDir = path.resolve(process.cwd(), "app/modules/billing/fonts");
const fontFiles = {
  latin: path.join(fontsDir, "NotoSans-Regular.ttf"),
  latinBold: path.join(fontsDir, "NotoSans-Bold.ttf"),
  arabic: path.join(fontsDir, "NotoNaskhArabic-Regular.ttf"),
  arabicBold: path.join(fontsDir, "NotoNaskhArabic-Bold.ttf"),
};

const page = { size: "A4" as const, margin: 48, footerHeight: 28 };
const colors = { text: "#1f2937", muted: "#6b7280", line: "#d1d5db", band: "#f3f4f6", brand: "#0f766e" };

export type Align = "left" | "right";

export interface TextStyle {
  size?: number;
  bold?: boolean;
  color?: string;
  align?: Align;
}

export interface TableColumn {
  header: string;
  /** Share of the content width. */
  width: number;
  align?: Align;
}

export interface DocumentHeader {
  /** "Statement", "Receipt". */
  title: string;
  /** Shown at the top of every page after the first. */
  runningTitle: string;
  /** Label and value pairs under the title (period, dates, references). */
  facts: [string, string][];
  billedTo: { heading: string; lines: string[] };
}

export interface BillingDocument {
  heading(text: string, note?: string): void;
  figures(rows: { label: string; value: string; strong?: boolean }[]): void;
  table(columns: TableColumn[], rows: string[][], options: { title: string; empty: string; totals?: string[] }): void;
  paragraph(text: string, style?: TextStyle): void;
  end(): Promise<Buffer>;
}

/** Outside Noto Sans: scripts other than Latin, Greek, Cyrillic and Arabic (drawn as "?"). */
const notInLatinFont = /[^\u0020-\u007e\u00a0-\u024f\u0370-\u03ff\u0400-\u04ff\u2000-\u206f\u20a0-\u20cf\u2100-\u214f]/g;

export function createBillingDocument(header: DocumentHeader): BillingDocument {
  const doc = new PDFDocument({
    size: page.size,
    margins: { top: page.margin, bottom: page.margin + page.footerHeight, left: page.margin, right: page.margin },
    bufferPages: true,
    info: { Title: `${header.title} · ${header.runningTitle}`, Author: operatorDetails.name, Creator: operatorDetails.product },
  });
  doc.registerFont("latin", fontFiles.latin);
  doc.registerFont("latin-bold", fontFiles.latinBold);
  doc.registerFont("arabic", fontFiles.arabic);
  doc.registerFont("arabic-bold", fontFiles.arabicBold);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const left = page.margin;
  const contentWidth = doc.page.width - page.margin * 2;
  const bottom = () => doc.page.height - page.margin - page.footerHeight;
  let y = page.margin;

  function setFont(font: RunFont, style: TextStyle) {
    const name = `${font}${style.bold ? "-bold" : ""}`;
    doc.font(name).fontSize(style.size ?? 9);
  }

  // Table cells repeat (dates, statuses, amounts), and measuring is most of the drawing time.
  const widths = new Map<string, number>();

  /** The text of a run as drawn: the Latin font cannot draw every script. */
  function drawable(run: TextRun): string {
    return run.font === "latin" ? run.text.replace(notInLatinFont, "?") : run.text;
  }

  function runWidth(run: TextRun, style: TextStyle): number {
    const key = `${run.font}${style.bold ? "b" : "r"}${style.size ?? 9}|${run.text}`;
    let width = widths.get(key);
    if (width === undefined) {
      setFont(run.font, style);
      width = doc.widthOfString(drawable(run));
      widths.set(key, width);
    }
    return width;
  }

  // Setting the fill colour costs as much as drawing a cell; it is set only when it changes (a new
  // page starts from the PDF's default again).
  let fillColor: string | null = null;

  function setFillColor(color: string) {
    if (color === fillColor) return;
    doc.fillColor(color);
    fillColor = color;
  }

  function measure(text: string, style: TextStyle): number {
    return splitTextRuns(text).reduce((sum, run) => sum + runWidth(run, style), 0);
  }

  /** Cuts text to fit `width`, ending with an ellipsis when anything was cut. */
  function fit(text: string, width: number, style: TextStyle): string {
    if (measure(text, style) <= width) return text;
    const chars = [...text];
    let low = 0;
    let high = chars.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (measure(`${chars.slice(0, middle).join("")}…`, style) <= width) low = middle;
      else high = middle - 1;
    }
    return `${chars.slice(0, low).join("").trimEnd()}…`;
  }

  /** Draws one line of text at (x, top) within `width`, never wrapping. */
  function drawLine(text: string, x: number, top: number, width: number, style: TextStyle = {}) {
    const fitted = fit(text, width, style);
    const runs = splitTextRuns(fitted);
    let cursor = style.align === "right" ? x + width - measure(fitted, style) : x;
    setFillColor(style.color ?? colors.text);
    for (const run of runs) {
      const width = runWidth(run, style);
      setFont(run.font, style);
      // The known width spares pdfkit from measuring the run again (textWidth is newer than its typings).
      doc.text(drawable(run), cursor, top, { lineBreak: false, textWidth: width, wordCount: 1 } as PDFKit.Mixins.TextOptions);
      cursor += width;
    }
  }

  /** Cuts a word too long for any line (a link) into pieces that fit. */
  function pieces(word: string, width: number, style: TextStyle): string[] {
    const parts: string[] = [];
    let part = "";
    for (const char of word) {
      if (part && measure(part + char, style) > width) {
        parts.push(part);
        part = "";
      }
      part += char;
    }
    return [...parts, part];
  }

  /** Breaks text into lines no wider than `width`, at spaces. */
  function wrap(text: string, width: number, style: TextStyle): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split("\n")) {
      let line = "";
      const words = paragraph.split(/\s+/).filter(Boolean);
      for (const word of words.flatMap((word) => (measure(word, style) > width ? pieces(word, width, style) : [word]))) {
        const candidate = line ? `${line} ${word}` : word;
        if (line && measure(candidate, style) > width) {
          lines.push(line);
          line = word;
        } else {
          line = candidate;
        }
      }
      lines.push(line);
    }
    return lines;
  }

  function newPage() {
    doc.addPage();
    fillColor = null;
    y = page.margin;
    drawLine(`${header.title} · ${header.runningTitle}`, left, y, contentWidth * 0.7, { size: 8, color: colors.muted });
    drawLine(operatorDetails.name, left + contentWidth * 0.7, y, contentWidth * 0.3, { size: 8, color: colors.muted, align: "right" });
    y += 14;
    rule(colors.line);
    y += 10;
  }

  function ensureSpace(height: number) {
    if (y + height > bottom()) newPage();
  }

  function rule(color: string, weight = 0.6) {
    doc.moveTo(left, y).lineTo(left + contentWidth, y).lineWidth(weight).strokeColor(color).stroke();
  }

  function letterhead() {
    const half = contentWidth / 2;
    drawLine(operatorDetails.name, left, y, half, { size: 12, bold: true, color: colors.brand });
    drawLine(header.title, left + half, y - 2, half, { size: 20, bold: true, align: "right" });
    let leftY = y + 17;
    for (const line of [operatorDetails.product, ...operatorDetails.lines]) {
      drawLine(line, left, leftY, half, { size: 9, color: colors.muted });
      leftY += 12;
    }
    let rightY = y + 26;
    for (const [label, value] of header.facts) {
      drawLine(`${label}: ${value}`, left + half, rightY, half, { size: 9, align: "right" });
      rightY += 12;
    }
    y = Math.max(leftY, rightY) + 10;
    rule(colors.line);
    y += 12;
    drawLine(header.billedTo.heading, left, y, contentWidth, { size: 8, bold: true, color: colors.muted });
    y += 12;
    header.billedTo.lines.forEach((line, index) => {
      for (const part of wrap(line, contentWidth / 2, { size: 10, bold: index === 0 })) {
        drawLine(part, left, y, contentWidth / 2, { size: 10, bold: index === 0 });
        y += 13;
      }
    });
    y += 8;
  }

  function tableHeader(columns: TableColumn[], widths: number[]) {
    doc.rect(left, y - 4, contentWidth, 16).fill(colors.band);
    fillColor = colors.band;
    let x = left;
    columns.forEach((column, index) => {
      drawLine(column.header, x + 4, y, widths[index]! - 8, { size: 8, bold: true, color: colors.muted, align: column.align });
      x += widths[index]!;
    });
    y += 16;
  }

  letterhead();

  return {
    heading(text, note) {
      // Keep a heading with at least a few lines of what follows it.
      ensureSpace(70);
      y += 6;
      drawLine(text, left, y, contentWidth, { size: 12, bold: true });
      y += 16;
      if (note) {
        drawLine(note, left, y, contentWidth, { size: 8.5, color: colors.muted });
        y += 13;
      }
    },

    figures(rows) {
      ensureSpace(rows.length * 15 + 6);
      const labelWidth = contentWidth * 0.6;
      for (const row of rows) {
        if (row.strong) {
          rule(colors.text, 0.8);
          y += 4;
        }
        drawLine(row.label, left, y, labelWidth, { size: 10, bold: row.strong });
        drawLine(row.value, left + labelWidth, y, contentWidth - labelWidth, { size: 10, bold: row.strong, align: "right" });
        y += 15;
      }
      y += 4;
    },

    table(columns, rows, { title, empty, totals }) {
      const share = columns.reduce((sum, column) => sum + column.width, 0);
      const widths = columns.map((column) => (column.width / share) * contentWidth);
      const rowHeight = 15;
      ensureSpace(16 + rowHeight * Math.min(rows.length || 1, 3));
      tableHeader(columns, widths);
      if (rows.length === 0) {
        drawLine(empty, left + 4, y, contentWidth - 8, { size: 9, color: colors.muted });
        y += rowHeight + 4;
        return;
      }
      const drawRow = (cells: string[], style: TextStyle) => {
        let x = left;
        cells.forEach((cell, index) => {
          drawLine(cell, x + 4, y, widths[index]! - 8, { ...style, align: columns[index]?.align });
          x += widths[index]!;
        });
        y += rowHeight - 4;
      };
      for (const cells of rows) {
        if (y + rowHeight > bottom()) {
          newPage();
          drawLine(`${title} (continued)`, left, y, contentWidth, { size: 10, bold: true });
          y += 15;
          tableHeader(columns, widths);
        }
        drawRow(cells, { size: 9 });
        rule(colors.band);
        y += 4;
      }
      if (totals) {
        ensureSpace(rowHeight);
        rule(colors.text, 0.8);
        y += 4;
        drawRow(totals, { size: 9, bold: true });
        y += 4;
      }
      y += 6;
    },

    paragraph(text, style = {}) {
      const lineStyle = { size: 9, color: colors.muted, ...style };
      for (const line of wrap(text, contentWidth, lineStyle)) {
        ensureSpace(13);
        drawLine(line, left, y, contentWidth, lineStyle);
        y += 13;
      }
      y += 4;
    },

    end() {
      const range = doc.bufferedPageRange();
      for (let index = range.start; index < range.start + range.count; index++) {
        doc.switchToPage(index);
        fillColor = null;
        const footerY = doc.page.height - page.margin - 10;
        doc.moveTo(left, footerY - 6).lineTo(left + contentWidth, footerY - 6).lineWidth(0.6).strokeColor(colors.line).stroke();
        drawLine([operatorDetails.name, ...operatorDetails.lines].join(" · "), left, footerY, contentWidth * 0.75, { size: 7.5, color: colors.muted });
        drawLine(`Page ${index - range.start + 1} of ${range.count}`, left + contentWidth * 0.75, footerY, contentWidth * 0.25, { size: 7.5, color: colors.muted, align: "right" });
      }
      doc.end();
      return finished;
    },
  };
}

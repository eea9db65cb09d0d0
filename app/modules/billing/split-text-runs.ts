// Splits one line of text into runs for drawing left to right on a PDF: each run in one font
// (Arabic script in the Arabic font, the rest in the Latin one) and the runs in visual order.
// A reduced form of the Unicode bidirectional algorithm, enough for names and addresses.

export type RunFont = "latin" | "arabic";

export interface TextRun {
  text: string;
  font: RunFont;
}

type BidiClass = "L" | "R" | "EN" | "AN" | "NSM" | "N";

function isArabicLetter(code: number): boolean {
  return (
    (code >= 0x0590 && code <= 0x05ff) ||
    (code >= 0x0600 && code <= 0x06ff && !isArabicDigit(code) && !isMark(code) && !(code >= 0x06f0 && code <= 0x06f9)) ||
    (code >= 0x0750 && code <= 0x077f) ||
    (code >= 0x08a0 && code <= 0x08ff) ||
    (code >= 0xfb1d && code <= 0xfdff) ||
    (code >= 0xfe70 && code <= 0xfefc)
  );
}

function isArabicDigit(code: number): boolean {
  return code >= 0x0660 && code <= 0x066c;
}

function isMark(code: number): boolean {
  return (code >= 0x064b && code <= 0x065f) || code === 0x0670 || (code >= 0x06d6 && code <= 0x06ed);
}

const latinLetter = /\p{L}/u;

function classify(char: string): BidiClass {
  const code = char.codePointAt(0)!;
  if (isMark(code)) return "NSM";
  if (isArabicDigit(code)) return "AN";
  if (isArabicLetter(code)) return "R";
  if ((code >= 0x30 && code <= 0x39) || (code >= 0x06f0 && code <= 0x06f9)) return "EN";
  if (latinLetter.test(char)) return "L";
  return "N";
}

function fontFor(char: string): RunFont {
  const code = char.codePointAt(0)!;
  return isArabicLetter(code) || isMark(code) || isArabicDigit(code) ? "arabic" : "latin";
}

/** Resolves each character to an embedding level: even is left-to-right, odd is right-to-left. */
function resolveLevels(types: BidiClass[]): number[] {
  const base = types.find((type) => type === "L" || type === "R") === "R" ? "R" : "L";
  const resolved = [...types];
  // Marks take the class of what they sit on; numbers after Arabic letters are Arabic numbers.
  let lastStrong: "L" | "R" = base;
  for (let i = 0; i < resolved.length; i++) {
    if (resolved[i] === "NSM") resolved[i] = i > 0 ? resolved[i - 1]! : base;
    const type = resolved[i]!;
    if (type === "L" || type === "R") lastStrong = type;
    else if (type === "EN") resolved[i] = lastStrong === "R" ? "AN" : "L";
  }
  // Neutrals between two runs of the same direction take it; otherwise the paragraph's.
  const direction = (type: BidiClass): "L" | "R" | null => (type === "L" ? "L" : type === "R" || type === "AN" || type === "EN" ? "R" : null);
  for (let i = 0; i < resolved.length; ) {
    if (resolved[i] !== "N") {
      i++;
      continue;
    }
    let end = i;
    while (end < resolved.length && resolved[end] === "N") end++;
    const before = i > 0 ? direction(resolved[i - 1]!) : base;
    const after = end < resolved.length ? direction(resolved[end]!) : base;
    const fill = before === after && before ? before : base;
    for (let j = i; j < end; j++) resolved[j] = fill;
    i = end;
  }
  const baseLevel = base === "R" ? 1 : 0;
  return resolved.map((type) => {
    if (baseLevel === 0) return type === "L" ? 0 : type === "R" ? 1 : 2;
    return type === "R" ? 1 : 2;
  });
}

// Any character of a right-to-left script; text without one is a single left-to-right Latin run.
const rightToLeft = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;

export function splitTextRuns(text: string): TextRun[] {
  if (text.length === 0) return [];
  if (!rightToLeft.test(text)) return [{ text, font: "latin" }];
  const chars = [...text];
  const levels = resolveLevels(chars.map(classify));
  // Logical runs: one level and one font each.
  const runs: { text: string; font: RunFont; level: number }[] = [];
  chars.forEach((char, index) => {
    const font = fontFor(char);
    const level = levels[index]!;
    const last = runs[runs.length - 1];
    if (last && last.font === font && last.level === level) last.text += char;
    else runs.push({ text: char, font, level });
  });
  // Reordering: from the highest level down to the lowest odd one, reverse every stretch at or above it.
  const highest = Math.max(...runs.map((run) => run.level));
  const lowestOdd = Math.min(...runs.map((run) => (run.level % 2 === 1 ? run.level : Number.POSITIVE_INFINITY)));
  for (let level = highest; level >= lowestOdd; level--) {
    for (let start = 0; start < runs.length; ) {
      if (runs[start]!.level < level) {
        start++;
        continue;
      }
      let end = start;
      while (end < runs.length && runs[end]!.level >= level) end++;
      runs.splice(start, end - start, ...runs.slice(start, end).reverse());
      start = end;
    }
  }
  // The Arabic font's shaper always lays its runs out right to left, so a run must reach it in
  // logical order when it reads right to left and reversed when it reads left to right (Arabic
  // digits in a Latin line); Latin characters are drawn as given, so those at an odd level
  // (punctuation between Arabic words) are reversed here.
  return runs.map((run) => {
    const rightToLeft = run.level % 2 === 1;
    const reverse = run.font === "arabic" ? !rightToLeft : rightToLeft;
    return { text: reverse ? [...run.text].reverse().join("") : run.text, font: run.font };
  });
}

import { describe, expect, it } from "vitest";
import { splitTextRuns } from "./split-text-runs";

describe("splitTextRuns", () => {
  it("keeps Latin text as one run", () => {
    expect(splitTextRuns("Acme Trading LLC, Muscat 113")).toEqual([{ text: "Acme Trading LLC, Muscat 113", font: "latin" }]);
  });

  it("hands an Arabic line to the Arabic font in logical order, with the spaces between words", () => {
    expect(splitTextRuns("شركة كيانا للتجارة")).toEqual([
      { text: "للتجارة", font: "arabic" },
      { text: " ", font: "latin" },
      { text: "كيانا", font: "arabic" },
      { text: " ", font: "latin" },
      { text: "شركة", font: "arabic" },
    ]);
  });

  it("places an Arabic name inside a Latin line where it belongs", () => {
    expect(splitTextRuns("Billed to محمد العلي (owner)")).toEqual([
      { text: "Billed to ", font: "latin" },
      { text: "العلي", font: "arabic" },
      { text: " ", font: "latin" },
      { text: "محمد", font: "arabic" },
      { text: " (owner)", font: "latin" },
    ]);
  });

  it("orders a Latin word and a number inside an Arabic line from right to left, each read left to right", () => {
    expect(splitTextRuns("شارع 18 نوفمبر LLC")).toEqual([
      { text: "LLC", font: "latin" },
      { text: " ", font: "latin" },
      { text: "نوفمبر", font: "arabic" },
      { text: " ", font: "latin" },
      { text: "18", font: "latin" },
      { text: " ", font: "latin" },
      { text: "شارع", font: "arabic" },
    ]);
  });

  it("reverses Arabic-Indic digits in a Latin line, since the Arabic font lays every run out right to left", () => {
    expect(splitTextRuns("Tax ID ١٢٣")).toEqual([
      { text: "Tax ID ", font: "latin" },
      { text: "٣٢١", font: "arabic" },
    ]);
  });

  it("returns nothing for an empty string", () => {
    expect(splitTextRuns("")).toEqual([]);
  });
});

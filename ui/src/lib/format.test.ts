import { describe, expect, it } from "vitest";
import { avancement, dateHeure, maturite, niveau, pluriel, reponse } from "./format";

describe("format", () => {
  it("writes maturities with a decimal comma", () => {
    expect(maturite(275)).toBe("2,75");
    expect(maturite(5)).toBe("0,05");
    expect(maturite(300)).toBe("3,00");
    expect(maturite(null)).toBe("—");
  });

  it("names levels as users do", () => {
    expect(niveau(0)).toBe("Aucun niveau");
    expect(niveau(3)).toBe("Niveau 3");
    expect(niveau(null)).toBe("—");
  });

  it("sends a level chosen on screen as the answer it stands for", () => {
    expect([0, 1, 2, 3].map(reponse)).toEqual(["aucun", "1", "2", "3"]);
  });

  it("pluralises progress", () => {
    expect(avancement(1, 20)).toBe("1 item sur 20");
    expect(avancement(16, 20)).toBe("16 items sur 20");
  });

  it("formats dates the French way and keeps unreadable ones as they are", () => {
    expect(dateHeure("2026-03-12T10:00:00Z")).toMatch(/^12\/03\/2026 à \d\d:00$/);
    expect(dateHeure("pas une date")).toBe("pas une date");
  });
});

describe("pluriel", () => {
  it("agrees in number, 0 and 1 being singular in French", () => {
    expect(pluriel(0, "ignorée")).toBe("ignorée");
    expect(pluriel(1, "établissement")).toBe("établissement");
    expect(pluriel(2, "établissement")).toBe("établissements");
    expect(pluriel(12, "ligne lue", "lignes lues")).toBe("lignes lues");
  });
});

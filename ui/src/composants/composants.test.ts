import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { FileEnregistrement } from "../lib/enregistrement.svelte";
import EtatEnregistrement from "./EtatEnregistrement.svelte";
import Radar from "./Radar.svelte";
import type { RadarDto } from "../lib/bindings/RadarDto";

const tick = () => new Promise((r) => setTimeout(r, 0));

afterEach(cleanup);

describe("EtatEnregistrement", () => {
  it("announces saving, then saved, in a live region", async () => {
    const file = new FileEnregistrement(() => new Date(2026, 2, 12, 10, 15, 30));
    render(EtatEnregistrement, { file });
    let finir!: () => void;
    file.enregistrer("A", () => new Promise<void>((r) => (finir = r)));
    await tick();
    expect(screen.getByRole("status").textContent).toContain("Enregistrement…");
    finir();
    await tick();
    await tick();
    expect(screen.getByRole("status").textContent).toContain("Enregistré à 10:15:30");
  });

  it("shows the failure with its message and retries on click", async () => {
    const file = new FileEnregistrement();
    let essais = 0;
    render(EtatEnregistrement, { file });
    file.enregistrer("A", async () => {
      essais += 1;
      if (essais === 1) throw { kind: "base_de_donnees", message: "Le disque est plein." };
    });
    await tick();
    await tick();
    expect(screen.getByRole("alert").textContent).toContain("Le disque est plein.");
    expect(screen.getByRole("alert").textContent).toContain("n’est pas perdue");
    await fireEvent.click(screen.getByRole("button", { name: "Réessayer" }));
    await tick();
    await tick();
    expect(essais).toBe(2);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("stays quiet outside a diagnostic unless saving failed", async () => {
    const file = new FileEnregistrement();
    render(EtatEnregistrement, { file, discret: true });
    file.enregistrer("A", async () => {});
    await tick();
    expect(screen.getByRole("status").textContent?.trim()).toBe("");
  });
});

describe("Radar", () => {
  const p = (x: number, y: number) => ({ x, y });
  const radar: RadarDto = {
    taille: 400,
    centre: p(200, 200),
    axes: [
      { domaineId: "PIL", titre: "Pilotage", extremite: p(200, 72), etiquette: p(200, 57), ancrage: "middle" },
      {
        domaineId: "INF",
        titre: "Infrastructures réseaux / équipement",
        extremite: p(78, 160),
        etiquette: p(65, 156),
        ancrage: "end",
      },
    ],
    anneaux: [[p(200, 157)], [p(200, 115)], [p(200, 72)]],
    polygone: [p(200, 125), p(120, 174)],
    polygonePrecedent: [p(200, 150), p(140, 180)],
  };

  it("draws the rings, both years and wrapped labels, described by its table", () => {
    const { container } = render(Radar, { radar, decritPar: "tableau", annee: "2026-2027", anneePrecedente: "2025-2026" });
    const svg = container.querySelector("svg")!;
    expect(svg.getAttribute("role")).toBe("img");
    expect(svg.getAttribute("aria-describedby")).toBe("tableau");
    expect(container.querySelectorAll("polygon.anneau")).toHaveLength(3);
    expect(container.querySelector("polygon.courant")!.getAttribute("points")).toBe("200.00,125.00 120.00,174.00");
    expect(container.querySelector("polygon.precedent")).not.toBeNull();
    const lignes = [...container.querySelectorAll("text.etiquette")[1]!.querySelectorAll("tspan")].map(
      (t) => t.textContent,
    );
    expect(lignes).toEqual(["Infrastructures", "réseaux /", "équipement"]);
    expect(container.textContent).toContain("2025-2026");
  });

  it("has no previous-year polygon when there is no previous year", () => {
    const { container } = render(Radar, { radar: { ...radar, polygonePrecedent: null }, decritPar: "t", annee: "2026-2027" });
    expect(container.querySelector("polygon.precedent")).toBeNull();
  });
});

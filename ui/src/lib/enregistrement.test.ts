import { describe, expect, it } from "vitest";
import { FileEnregistrement } from "./enregistrement.svelte";

function differe() {
  let resoudre!: () => void;
  let rejeter!: (e: unknown) => void;
  const promesse = new Promise<void>((res, rej) => {
    resoudre = res;
    rejeter = rej;
  });
  return { promesse, resoudre, rejeter };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("FileEnregistrement", () => {
  it("runs changes in order, one at a time, and reports saved", async () => {
    const file = new FileEnregistrement(() => new Date("2026-03-12T10:00:00Z"));
    const journal: string[] = [];
    const premier = differe();
    file.enregistrer("PIL-1", async () => {
      journal.push("PIL-1 début");
      await premier.promesse;
      journal.push("PIL-1 fin");
    });
    file.enregistrer("PIL-2", async () => void journal.push("PIL-2"));
    expect(file.etat.etat).toBe("en-cours");
    premier.resoudre();
    await tick();
    expect(journal).toEqual(["PIL-1 début", "PIL-1 fin", "PIL-2"]);
    expect(file.etat).toEqual({ etat: "enregistre", a: new Date("2026-03-12T10:00:00Z") });
    expect(file.aJour).toBe(true);
  });

  it("keeps only the latest waiting change of an item", async () => {
    const file = new FileEnregistrement();
    const bloque = differe();
    const valeurs: string[] = [];
    file.enregistrer("A", () => bloque.promesse);
    for (const v of ["1", "2", "3"]) file.enregistrer("B", async () => void valeurs.push(v));
    bloque.resoudre();
    await tick();
    expect(valeurs).toEqual(["3"]);
  });

  it("stops on failure, shows the message, and retries without losing anything", async () => {
    const file = new FileEnregistrement();
    let essais = 0;
    const faits: string[] = [];
    file.enregistrer("A", async () => {
      essais += 1;
      if (essais === 1) throw { kind: "base_de_donnees", message: "Disque plein." };
      faits.push("A");
    });
    file.enregistrer("B", async () => void faits.push("B"));
    await tick();
    expect(file.etat).toEqual({ etat: "erreur", erreur: { kind: "base_de_donnees", message: "Disque plein." } });
    expect(faits).toEqual([]);
    expect(file.aJour).toBe(false);
    file.reessayer();
    await tick();
    expect(faits).toEqual(["A", "B"]);
    expect(file.etat.etat).toBe("enregistre");
  });

  it("a newer change of the failed item replaces it", async () => {
    const file = new FileEnregistrement();
    const bloque = differe();
    const faits: string[] = [];
    file.enregistrer("A", async () => {
      await bloque.promesse;
      throw new Error("réseau");
    });
    file.enregistrer("A", async () => void faits.push("A2"));
    bloque.resoudre();
    await tick();
    expect(faits).toEqual(["A2"]);
    expect(file.etat.etat).toBe("enregistre");
  });
});

// The autosave queue: every change becomes an operation run in order, one at a
// time, so the database always ends with the user's last choice. A failed
// operation stops the queue and stays pending until the user retries: nothing
// is silently lost. The state drives the aria-live indicator.
import type { ApiError } from "./bindings/ApiError";
import { enErreurApi } from "./backend";

export type EtatEnregistrement =
  | { etat: "repos" }
  | { etat: "en-cours" }
  | { etat: "enregistre"; a: Date }
  | { etat: "erreur"; erreur: ApiError };

interface Operation {
  /** Operations with the same key replace each other while still waiting. */
  cle: string;
  executer: () => Promise<unknown>;
}

export class FileEnregistrement {
  etat: EtatEnregistrement = $state({ etat: "repos" });
  private attente: Operation[] = [];
  private enCours = false;
  private echec: Operation | null = null;

  constructor(private horloge: () => Date = () => new Date()) {}

  /** Queues a change; resolves when it (or a later change of the same key) is saved. */
  enregistrer(cle: string, executer: () => Promise<unknown>): void {
    this.attente = this.attente.filter((op) => op.cle !== cle);
    this.attente.push({ cle, executer });
    void this.vider();
  }

  /** Runs the failed operation again, then the ones waiting behind it. */
  reessayer(): void {
    if (this.echec) {
      this.attente.unshift(this.echec);
      this.echec = null;
    }
    void this.vider();
  }

  /** True when nothing is waiting, running or failed. */
  get aJour(): boolean {
    return !this.enCours && this.attente.length === 0 && this.echec === null;
  }

  private async vider(): Promise<void> {
    if (this.enCours || this.echec) return;
    this.enCours = true;
    try {
      while (this.attente.length > 0) {
        const op = this.attente.shift()!;
        this.etat = { etat: "en-cours" };
        try {
          await op.executer();
        } catch (e) {
          // A newer change of the same key supersedes the failed one.
          if (!this.attente.some((o) => o.cle === op.cle)) this.echec = op;
          if (this.echec) {
            this.etat = { etat: "erreur", erreur: enErreurApi(e) };
            return;
          }
          continue;
        }
        this.etat = { etat: "enregistre", a: this.horloge() };
      }
    } finally {
      this.enCours = false;
    }
  }
}

/** The app's one queue: it outlives screen changes, so leaving a screen never drops a change. */
export const enregistrement = new FileEnregistrement();

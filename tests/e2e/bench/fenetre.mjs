// Benchmark (cargo xtask bench, not a test): memory and start-up of the
// release build of SchémaTIC against a bare Tauri window (src-tauri/examples/
// fenetre_nue.rs: one static page, same Tauri and WebKit versions and
// settings), in the same run, alternating, so that the share that is ours is
// known whatever WebKitGTK costs here. Start-up: from the WebDriver request
// that launches the program to its first screen usable (SchémaTIC:
// main[data-pret]; the bare window: #pret). Memory: RSS and PSS of all the
// processes (the program and the WebKit processes it starts), SchémaTIC after
// a journey through its screens on the demo data, the bare window once shown.
// Environment (set by cargo xtask bench): SCHEMATIC_APP, SCHEMATIC_CLI,
// FENETRE_NUE, TAURI_DRIVER, SCHEMATIC_CAPTURES.
import { setTimeout as attendre } from "node:timers/promises";
import { binaires, nouveauDossier, ouvrirApp } from "../lib/app.mjs";
import { attendreTexte } from "../lib/actions.mjs";
import { memoireApp, noterMesures } from "../lib/mesures.mjs";

const TOURS = Number(process.env.TOURS ?? 3);
const nue = process.env.FENETRE_NUE;
if (!nue) throw new Error("FENETRE_NUE is not set: run through `cargo xtask bench`");

const mediane = (valeurs) => {
  const v = [...valeurs].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};

/** Memory once it has settled (WebKit frees a little after painting). */
async function memoireStable(binaire) {
  await attendre(1500);
  return memoireApp(binaire);
}

async function fenetreNue() {
  const debut = performance.now();
  const { navigateur, fermer } = await ouvrirApp(null, { application: nue, args: [] });
  try {
    await navigateur.$("#pret").waitForExist({ timeout: 20000 });
    const demarrageMs = performance.now() - debut;
    return { demarrageMs, memoire: await memoireStable(nue) };
  } finally {
    await fermer();
  }
}

async function schematic(annee) {
  const dossier = nouveauDossier(["demo"]);
  const debut = performance.now();
  const { navigateur, fermer } = await ouvrirApp(dossier);
  try {
    await navigateur.$("main[data-pret]").waitForExist({ timeout: 20000 });
    const demarrageMs = performance.now() - debut;
    // The journey: this year's questionnaire (a domain answered), the
    // results with the radar and last year's comparison, the action plan,
    // the settings, back home.
    await attendreTexte(navigateur, "main h1", /Collège Les Tilleuls/);
    await navigateur.$(`button[aria-label="Continuer le diagnostic ${annee}"]`).click();
    await attendreTexte(navigateur, "main h1", new RegExp(`Questionnaire ${annee}`));
    await navigateur.$("button.domaine-lien*=Infrastructures").click();
    await navigateur.execute(() => {
      for (const radio of document.querySelectorAll('.niveaux input[value="2"]')) radio.click();
    });
    await navigateur.$("button.onglet=Résultats").click();
    await attendreTexte(navigateur, "main h1", new RegExp(`Résultats ${annee}`));
    await navigateur.$(".radar svg polygon.courant").waitForExist();
    await navigateur.$("button.onglet=Plan d’action").click();
    await attendreTexte(navigateur, "main h1", new RegExp(`Plan d’action ${annee}`));
    await navigateur.$("button.lien-menu=Paramètres").click();
    await attendreTexte(navigateur, "main h1", /Paramètres/);
    await navigateur.$("button.lien-menu=Accueil").click();
    await attendreTexte(navigateur, "main h1", /Collège Les Tilleuls/);
    return { demarrageMs, memoire: await memoireStable(binaires.app()) };
  } finally {
    await fermer();
  }
}

const maintenant = new Date();
const debutAnnee = maintenant.getMonth() >= 8 ? maintenant.getFullYear() : maintenant.getFullYear() - 1;
const annee = `${debutAnnee}-${debutAnnee + 1}`;

const mesures = { nue: [], schematic: [] };
for (let tour = 1; tour <= TOURS; tour++) {
  mesures.nue.push(await fenetreNue());
  mesures.schematic.push(await schematic(annee));
  console.log(`tour ${tour}/${TOURS} fait`);
}

const resume = (liste) => ({
  demarrageMs: Math.round(mediane(liste.map((m) => m.demarrageMs))),
  rssMio: Math.round(mediane(liste.map((m) => m.memoire.rssMio))),
  pssMio: Math.round(mediane(liste.map((m) => m.memoire.pssMio))),
  processus: liste[0].memoire.processus,
  details: liste.at(-1).memoire.details.map((d) => ({
    commande: d.commande,
    rssMio: Math.round(d.rssKio / 1024),
    pssMio: Math.round(d.pssKio / 1024),
  })),
});
const nueR = resume(mesures.nue);
const schR = resume(mesures.schematic);
const ecartPss = schR.pssMio - nueR.pssMio;
noterMesures(binaires.captures(), { fenetreNue: nueR, schematicApresParcours: schR, ecartPssMio: ecartPss });

console.log(`\nMédianes de ${TOURS} tours, build release, même machine, même exécution :`);
console.log("                               démarrage   RSS (Mio)   PSS (Mio)   processus");
for (const [nom, r] of [["fenêtre Tauri nue", nueR], ["SchémaTIC après le parcours", schR]]) {
  console.log(
    `${nom.padEnd(30)} ${String(r.demarrageMs).padStart(6)} ms ${String(r.rssMio).padStart(10)} ${String(r.pssMio).padStart(11)} ${String(r.processus).padStart(11)}`,
  );
}
for (const [nom, r] of [["fenêtre nue", nueR], ["SchémaTIC", schR]]) {
  console.log(`  ${nom} : ${r.details.map((d) => `${d.commande.split("/").pop()} ${d.rssMio}/${d.pssMio}`).join(" · ")} (RSS/PSS Mio)`);
}
console.log(`Écart de PSS : ${ecartPss} Mio (objectif : au plus 60 Mio).`);
if (ecartPss > 60) {
  console.log("OBJECTIF NON ATTEINT : SchémaTIC dépasse la fenêtre nue de plus de 60 Mio de PSS.");
  process.exitCode = 1;
}

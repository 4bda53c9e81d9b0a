// The équipe-relais workshop in the real app: four participants, then one
// whole domain (four items) through the projection view by keyboard only —
// votes hidden until revealed, distribution and disagreement, consensus —
// then the results. Each step is captured and checked with axe-core.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Key } from "webdriverio";
import { capture, nouveauDossier, ouvrirApp } from "./lib/app.mjs";
import { violationsGraves } from "./lib/axe.mjs";
import { attendreTexte, cliquer } from "./lib/actions.mjs";

const violations = {};

async function verifierEcran(navigateur, nom) {
  await capture(navigateur, nom);
  violations[nom] = await violationsGraves(navigateur);
}

const PARTICIPANTS = [
  ["chef-etablissement", "Hippolyte"],
  ["referent-numerique", "Bérénice"],
  ["enseignant", "Zéphyrine"],
  ["cpe", "Anatole"],
];
// Votes per item (PIL-1 to PIL-4), in participant order, and the consensus.
const VOTES = [
  ["1", "3", "2", "2", "2"],
  ["2", "2", "2", "3", "2"],
  ["0", "1", "1", "1", "1"],
  ["3", "3", "1", "2", "3"],
];

test("a workshop of four on one domain, by keyboard, then the results", async () => {
  const dossier = nouveauDossier(
    ["etablissement", "definir", "--uai", "0330021U", "--nom", "Collège Jean Moulin", "--type", "college"],
    ["diagnostic", "creer"],
  );
  const { navigateur, fermer } = await ouvrirApp(dossier);
  try {
    await navigateur.$("main[data-pret]").waitForExist({ timeout: 20000 });
    await attendreTexte(navigateur, "main h1", /Collège Jean Moulin/);
    await cliquer(navigateur, "button*=Continuer");
    await cliquer(navigateur, "button=Atelier");
    await attendreTexte(navigateur, "main h1", /Atelier de l’équipe-relais/);

    // Four participants: role chosen, first name typed, Enter.
    for (const [role, prenom] of PARTICIPANTS) {
      await navigateur.$("#role-participant").selectByAttribute("value", role);
      const champ = await navigateur.$("#prenom-participant");
      await champ.setValue(prenom);
      await navigateur.keys(Key.Enter);
      await attendreTexte(navigateur, ".message-statut", new RegExp(`ajouté \\(${prenom}\\)`));
    }
    await attendreTexte(navigateur, "#titre-participants", /Participants \(4\)/);
    await verifierEcran(navigateur, "atelier-01-participants");
    // Tab to « Animer au clavier », Enter: from there on, keys drive the workshop.
    for (let i = 0; i < 20; i++) {
      await navigateur.keys(Key.Tab);
      const ici = await navigateur.execute(() => document.activeElement?.textContent === "Animer au clavier");
      if (ici) break;
    }
    await navigateur.keys(Key.Enter);
    assert.ok(await navigateur.execute(() => document.activeElement?.classList.contains("projection")), "Tab reaches the projection");
    await navigateur.$("section.projection").scrollIntoView({ block: "start" });

    for (const [k, votes] of VOTES.entries()) {
      const item = `PIL-${k + 1}`;
      await attendreTexte(navigateur, "#titre-item-projete", new RegExp(item));
      for (const v of votes.slice(0, 4)) await navigateur.keys(v);
      await navigateur.waitUntil(
        async () => (await navigateur.$$(".etat-vote=a voté")).length === 4,
        { timeout: 10000, timeoutMsg: `four hidden votes on ${item}` },
      );
      if (k === 0) {
        await navigateur.$("section.projection").scrollIntoView({ block: "start" });
        await verifierEcran(navigateur, "atelier-02-votes-caches");
      }
      await navigateur.keys("r");
      await attendreTexte(navigateur, ".synthese-votes", /Médiane/);
      const synthese = await navigateur.$(".synthese-votes").getText();
      const desaccord = /Désaccord fort/.test(synthese);
      const attendu = Math.max(...votes.slice(0, 4)) - Math.min(...votes.slice(0, 4)) >= 2;
      assert.equal(desaccord, attendu, `${item}: disagreement flag\n${synthese}`);
      if (k === 0) {
        await navigateur.$(".synthese-votes").scrollIntoView({ block: "center" });
        await verifierEcran(navigateur, "atelier-03-votes-reveles-desaccord");
      }
      await navigateur.keys([votes[4], Key.Enter]);
      await attendreTexte(navigateur, ".synthese-votes .texte-succes", /Consensus/);
      if (k === 0) {
        await navigateur.$(".synthese-votes .texte-succes").scrollIntoView({ block: "center" });
        await verifierEcran(navigateur, "atelier-04-consensus");
        // Full screen, large type, for the back of the room.
        await navigateur.keys("p");
        await navigateur.$("section.projection.plein-ecran").waitForExist({ timeout: 5000 });
        await navigateur.execute(() => document.querySelector("section.projection")?.scrollTo(0, 0));
        await verifierEcran(navigateur, "atelier-04b-plein-ecran");
        await navigateur.keys("p");
      }
      await navigateur.keys(Key.ArrowRight);
    }

    // Per domain: consensus (2+2+1+3)/4 = 2.00; individual means 1.50 to 2.25.
    await attendreTexte(navigateur, "#titre-domaines-atelier", /Par domaine/);
    const pilotage = await navigateur.execute(
      () =>
        [...document.querySelectorAll("section[aria-labelledby='titre-domaines-atelier'] tbody tr")]
          .map((tr) => tr.innerText)
          .find((t) => t.startsWith("Pilotage")) ?? document.querySelector("section[aria-labelledby='titre-domaines-atelier']")?.innerText,
    );
    assert.match(pilotage, /2,00/);
    assert.match(pilotage, /de 1,50 à 2,25/);
    assert.match(pilotage, /\t2$|\s2\s*$/, `two items in strong disagreement: ${pilotage}`);
    await navigateur.$("#titre-domaines-atelier").scrollIntoView({ block: "start" });
    await verifierEcran(navigateur, "atelier-05-par-domaine");

    // The consensus is the diagnostic's answer: the results show it.
    await cliquer(navigateur, "button=Voir les résultats du diagnostic");
    await attendreTexte(navigateur, "main h1", /Résultats/);
    await attendreTexte(navigateur, "#titre-resultats-atelier", /Atelier : consensus et avis individuels/);
    const resultats = await navigateur.$("section[aria-labelledby='titre-resultats-atelier']").getText();
    assert.match(resultats, /de 1,50 à 2,25/);
    await navigateur.$("#titre-resultats-atelier").scrollIntoView({ block: "start" });
    await verifierEcran(navigateur, "atelier-06-resultats");
  } finally {
    await fermer();
  }
  for (const [ecran, v] of Object.entries(violations)) {
    assert.deepEqual(v, [], `axe-core, serious or critical violations on ${ecran}`);
  }
});

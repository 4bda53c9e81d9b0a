// Starts the real SchémaTIC app through tauri-driver (WebKitWebDriver) and
// gives tests a WebdriverIO session. Paths come from `cargo xtask test`:
// SCHEMATIC_APP, SCHEMATIC_CLI, TAURI_DRIVER, SCHEMATIC_CAPTURES.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as attendre } from "node:timers/promises";
import { remote } from "webdriverio";

function requis(nom) {
  const valeur = process.env[nom];
  if (!valeur) throw new Error(`${nom} is not set: run the end-to-end tests through \`cargo xtask test\``);
  return valeur;
}

export const binaires = {
  app: () => requis("SCHEMATIC_APP"),
  cli: () => requis("SCHEMATIC_CLI"),
  driver: () => requis("TAURI_DRIVER"),
  captures: () => requis("SCHEMATIC_CAPTURES"),
};

/** A fresh data directory, optionally filled by `schematic` commands. */
export function nouveauDossier(...commandes) {
  const dossier = mkdtempSync(join(tmpdir(), "schematic-e2e-"));
  for (const args of commandes) {
    execFileSync(binaires.cli(), ["--data-dir", dossier, ...args], { stdio: "pipe" });
  }
  return dossier;
}

function portOuvert(port) {
  return new Promise((resolve) => {
    const s = createConnection({ port, host: "127.0.0.1" }, () => {
      s.end();
      resolve(true);
    });
    s.on("error", () => resolve(false));
  });
}

// Ports differ between concurrent runs (a developer's run beside CI's).
let prochainPort = 4444 + (process.pid % 400) * 4;

/**
 * Opens the app on `dossier`; returns { navigateur, fermer }. `programme`
 * opens another program instead (the benchmark's bare window).
 */
export async function ouvrirApp(dossier, programme = null) {
  const port = prochainPort;
  prochainPort += 2;
  const driver = spawn(binaires.driver(), ["--port", String(port), "--native-port", String(port + 1)], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const arreterDriver = async () => {
    if (driver.exitCode !== null || driver.signalCode !== null) return;
    // SIGTERM lets tauri-driver stop WebKitWebDriver and the app.
    const fini = new Promise((r) => driver.once("exit", r));
    driver.kill("SIGTERM");
    await fini;
  };
  try {
    // tauri-driver listens at once but proxies to WebKitWebDriver, which it
    // starts itself: wait until both ports answer.
    for (let i = 0; i < 150 && !((await portOuvert(port)) && (await portOuvert(port + 1))); i++) {
      await attendre(100);
    }
    const navigateur = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "error",
      connectionRetryCount: 2,
      capabilities: {
        browserName: "wry",
        "wdio:enforceWebDriverClassic": true,
        "tauri:options": programme ?? { application: binaires.app(), args: ["--data-dir", dossier] },
      },
    });
    const fermer = async () => {
      try {
        await navigateur.deleteSession();
      } finally {
        await arreterDriver();
      }
    };
    return { navigateur, fermer };
  } catch (e) {
    await arreterDriver();
    throw e;
  }
}

/**
 * Saves what the window shows as <captures>/<nom>.png. The picture is taken
 * from the X display (the app paints without GPU compositing, which WebKit's
 * WebDriver screenshot does not support), after WebKit has painted.
 */
export async function capture(navigateur, nom) {
  const dossier = binaires.captures();
  mkdirSync(dossier, { recursive: true });
  await navigateur.execute(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await attendre(300);
  const chemin = join(dossier, `${nom}.png`);
  const fenetre = execFileSync("xdotool", ["search", "--onlyvisible", "--name", "SchémaTIC"], { encoding: "utf8" })
    .trim()
    .split("\n")
    .pop();
  execFileSync("import", ["-window", fenetre, chemin]);
  return chemin;
}

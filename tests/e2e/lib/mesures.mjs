// Memory of the app's processes (the Tauri process and the WebKit processes it
// starts), read from /proc, and a place to write the figures of a run.
import { readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { join } from "node:path";

function lire(chemin) {
  try {
    return readFileSync(chemin, "utf8");
  } catch {
    return null;
  }
}

function processus() {
  const liste = [];
  for (const nom of readdirSync("/proc")) {
    if (!/^\d+$/.test(nom)) continue;
    const stat = lire(`/proc/${nom}/stat`);
    const cmdline = lire(`/proc/${nom}/cmdline`);
    if (!stat || cmdline === null) continue;
    // The command name may contain spaces and parentheses: parse after the last ")".
    const apres = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    liste.push({ pid: Number(nom), ppid: Number(apres[1]), cmdline: cmdline.replaceAll("\0", " ") });
  }
  return liste;
}

function kio(texte, champ) {
  const m = texte?.match(new RegExp(`^${champ}:\\s+(\\d+) kB`, "m"));
  return m ? Number(m[1]) : 0;
}

/** RSS and PSS (MiB) of the app whose binary is `binaire` and of all its descendants. */
export function memoireApp(binaire) {
  const tous = processus();
  const racines = tous.filter((p) => p.cmdline.startsWith(binaire));
  const membres = new Set(racines.map((p) => p.pid));
  let ajoute = true;
  while (ajoute) {
    ajoute = false;
    for (const p of tous) {
      if (!membres.has(p.pid) && membres.has(p.ppid)) {
        membres.add(p.pid);
        ajoute = true;
      }
    }
  }
  let rss = 0;
  let pss = 0;
  const details = [];
  for (const pid of membres) {
    const r = kio(lire(`/proc/${pid}/status`), "VmRSS");
    const s = kio(lire(`/proc/${pid}/smaps_rollup`), "Pss");
    rss += r;
    pss += s;
    details.push({ pid, commande: tous.find((p) => p.pid === pid)?.cmdline.split(" ")[0], rssKio: r, pssKio: s });
  }
  return { processus: membres.size, rssMio: rss / 1024, pssMio: pss / 1024, details };
}

/** Adds figures to <captures>/mesures.json. */
export function noterMesures(dossier, valeurs) {
  mkdirSync(dossier, { recursive: true });
  const fichier = join(dossier, "mesures.json");
  const actuel = existsSync(fichier) ? JSON.parse(readFileSync(fichier, "utf8")) : {};
  writeFileSync(fichier, JSON.stringify({ ...actuel, ...valeurs }, null, 2));
}

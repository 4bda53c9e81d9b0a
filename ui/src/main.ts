import { mount } from "svelte";
import "@fontsource/atkinson-hyperlegible-next/400.css";
import "@fontsource/atkinson-hyperlegible-next/700.css";
import App from "./App.svelte";
import "./styles.css";

const cible = document.getElementById("app");
if (!cible) throw new Error("#app is missing from index.html");
export default mount(App, { target: cible });

import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The app is served by Tauri from ui/dist through its own protocol: relative
// paths, no dev server in production, nothing loaded from the network.
export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  // Component tests mount Svelte's browser build in jsdom.
  resolve: mode === "test" ? { conditions: ["browser"] } : undefined,
  base: "./",
  clearScreen: false,
  build: {
    target: "safari15",
    outDir: "dist",
    emptyOutDir: true,
    assetsInlineLimit: 0,
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "jsdom",
  },
}));

// The browser lab: a static site importing the library's own source (../src). Relative base, so lab/dist works from
// any static host or sub-folder.
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  server: { host: "127.0.0.1", strictPort: false },
  preview: { host: "127.0.0.1" },
  worker: { format: "es" },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 2000 },
});

import { defineConfig } from "tsup";

// The library (ESM + CJS + types) and the CLI. `prepare` runs this, so `npm ci`
// leaves a working dist/ behind and `npx fengari-ffi script.lua` works at once.
export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    target: "node20",
    sourcemap: true,
  },
  {
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    target: "node20",
    banner: { js: "#!/usr/bin/env node" },
    sourcemap: true,
  },
]);

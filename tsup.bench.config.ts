import { defineConfig } from "tsup";

// Benchmarks are bundled with the sources they measure, so they can reach
// internal modules (the parser, the JIT) that the public entry does not export.
export default defineConfig({
  entry: { run: "bench/run.ts" },
  outDir: "dist-bench",
  format: ["esm"],
  target: "node20",
  clean: true,
});

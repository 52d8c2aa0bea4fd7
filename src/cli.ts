// `fengari-ffi script.lua [args]`, like the `lua` command (grows with the bindings issue).
import { VERSION } from "./index";

process.stdout.write(`fengari-ffi ${VERSION}\n`);

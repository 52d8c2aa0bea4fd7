// src/native: the only importer of koffi. Executable memory, the dynamic loader, native memory
// loads and stores, entering JIT'd code, the one callback dispatcher, per-thread facts.

export { type Dispatcher, dispatcherAddress, registerDispatcher } from "./dispatcher";
export {
  DEFAULT_NAMESPACE,
  dlclose,
  dlerror,
  dlopen,
  dlsym,
  type LibraryHandle,
  type OpenOptions,
} from "./dynamic-library";
export {
  mapPages,
  type PageMapping,
  protectExecutable,
  protectWritable,
  roundToPages,
  unmapPages,
} from "./exec-memory";
export {
  addressOf,
  copyNative,
  fillNative,
  readBytes,
  readF32,
  readF64,
  readI8,
  readI16,
  readI32,
  readI64,
  readPtr,
  readU8,
  readU16,
  readU32,
  readU64,
  strlen,
  viewBytes,
  writeBytes,
  writeF32,
  writeF64,
  writeI8,
  writeI16,
  writeI32,
  writeI64,
  writePtr,
  writeU8,
  writeU16,
  writeU32,
  writeU64,
} from "./memory";
export { NativeError, type NativeOperation } from "./native-error";
export { PAGE_SIZE } from "./platform";
export { errnoAddress, mainThreadPointer } from "./thread";
export { type EnterThunk, enterableThunk } from "./thunk-entry";

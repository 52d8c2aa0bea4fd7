// The error src/jit throws when an emitter asks the encoder for something x86-64 cannot encode
// (mismatched widths, AH with REX, a label out of rel8 range) or the mcode area is misused.
// These are bugs in an emitter, not user errors: the message names the instruction so the
// dump (FENGARI_FFI_DUMP_MCODE=1) and the failing emitter are easy to find.

/** A misuse of the x86-64 encoder or of the mcode area. */
export class JitError extends Error {
  override readonly name = "JitError";
}

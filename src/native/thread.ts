// Per-thread facts the JIT'd stubs need, taken on the main thread (the one running Lua).
// Stubs read the thread pointer themselves (`mov rax, fs:[0]`): on glibc x86-64 the first word
// of the thread control block points to itself and equals pthread_self() (macOS keeps the same
// self pointer at gs:[0]), so a stub compares it against mainThreadPointer() to detect a
// callback entered from a foreign thread.
// errno is thread-local too; call thunks save and restore it through errnoAddress().

import { libc } from "./libc";

let mainThread: number | undefined;
let mainErrno: number | undefined;

/** pthread_self() of the thread that runs JavaScript (and therefore Lua). */
export function mainThreadPointer(): number {
  mainThread ??= Number(libc().pthreadSelf());
  return mainThread;
}

/** The address of the main thread's errno (from __errno_location / __error). */
export function errnoAddress(): number {
  mainErrno ??= Number(libc().errnoLocation());
  return mainErrno;
}

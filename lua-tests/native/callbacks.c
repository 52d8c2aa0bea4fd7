/*
 * The callback test library: C functions that call the function pointer they are given, with
 * known arguments of every System V kind, and hand back what it returned. The Lua tests and the
 * src/callback tests pass callbacks (slot addresses) to them. cbt_raw_call and
 * cbt_preserves_registers are written in assembly: they look at registers a C function cannot
 * see. Built with `cc -shared -fPIC -O2 -pthread` by build.ts.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "callbacks.h"

/* ---- arguments ------------------------------------------------------------------------------ */

int32_t cbt_call0(int32_t (*f)(void)) { return f(); }
int32_t cbt_call1(int32_t (*f)(int32_t), int32_t a) { return f(a); }
int64_t cbt_call2(int64_t (*f)(int8_t, uint8_t), int8_t a, uint8_t b) { return f(a, b); }
double cbt_call3(double (*f)(int16_t, uint16_t, double)) { return f(-7, 65535, 0.125); }
double cbt_call4(double (*f)(float, double, int32_t, uint32_t)) {
  return f(0.5f, -1.25, -1, 4294967295u);
}
int64_t cbt_call6(int64_t (*f)(int64_t, uint64_t, void *, enum cbt_color, int8_t, uint16_t)) {
  return f(-1234567890123LL, 0xFFFFFFFFFFFFFFFFULL, (void *)0xdeadbeefUL, CBT_GREEN, -128, 65535);
}
double cbt_call8(double (*f)(int32_t, double, int32_t, double, int32_t, double, int32_t, double)) {
  return f(1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5);
}
int64_t cbt_call16(int64_t (*f)(int8_t, uint8_t, int16_t, uint16_t, int32_t, uint32_t, int64_t,
                                uint64_t, float, double, void *, enum cbt_color, float, double,
                                int32_t, double)) {
  return f(-5, 250, -30000, 60000, -2000000000, 4000000000u, -9000000000000LL,
           18000000000000000000ULL, 1.5f, 2.25, (void *)0x1234, CBT_BLUE, -0.5f, 1e100, 77, -3.75);
}
double cbt_call_d10(double (*f)(double, double, double, double, double, double, double, double,
                                double, double)) {
  return f(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
}
double cbt_call_f10(double (*f)(float, float, float, float, float, float, float, float, float,
                                float)) {
  return f(0.5f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f, 6.5f, 7.5f, 8.5f, 9.5f);
}

/* ---- results -------------------------------------------------------------------------------- */

void cbt_ret_void(void (*f)(int32_t), int32_t x) { f(x); }
int32_t cbt_ret_bool(bool (*f)(void)) { return f() ? 1 : 0; }
int32_t cbt_ret_i8(int8_t (*f)(void)) { return f(); }
int32_t cbt_ret_u8(uint8_t (*f)(void)) { return f(); }
int32_t cbt_ret_i16(int16_t (*f)(void)) { return f(); }
int32_t cbt_ret_u16(uint16_t (*f)(void)) { return f(); }
int32_t cbt_ret_i32(int32_t (*f)(void)) { return f(); }
uint32_t cbt_ret_u32(uint32_t (*f)(void)) { return f(); }
int64_t cbt_ret_i64(int64_t (*f)(void)) { return f(); }
uint64_t cbt_ret_u64(uint64_t (*f)(void)) { return f(); }
float cbt_ret_float(float (*f)(void)) { return f(); }
double cbt_ret_double(double (*f)(void)) { return f(); }
void *cbt_ret_ptr(void *(*f)(void)) { return f(); }
const char *cbt_ret_string(const char *(*f)(void)) { return f(); }
int32_t cbt_ret_enum(enum cbt_color (*f)(void)) { return f(); }
int32_t cbt_small_enum(enum cbt_small_color (*f)(enum cbt_small_color), enum cbt_small_color x) {
  return f(x);
}
uint64_t cbt_ret_size_t(size_t (*f)(void)) { return f(); }

/* ---- structs and unions --------------------------------------------------------------------- */

int64_t cbt_arg_pair_i(int64_t (*f)(struct cbt_pair_i, int32_t)) {
  struct cbt_pair_i p = {-1, 2};
  return f(p, 3);
}
int64_t cbt_arg_small(int64_t (*f)(struct cbt_small)) {
  struct cbt_small s = {-100, -30000, 123456};
  return f(s);
}
double cbt_arg_pair_d(double (*f)(double, struct cbt_pair_d)) {
  struct cbt_pair_d p = {1.25, -2.5};
  return f(0.5, p);
}
double cbt_arg_pair_f(double (*f)(struct cbt_pair_f)) {
  struct cbt_pair_f p = {1.5f, -2.5f};
  return f(p);
}
double cbt_arg_mixed(double (*f)(struct cbt_mixed, struct cbt_fi)) {
  struct cbt_mixed m = {3.5, -9};
  struct cbt_fi fi = {0.25f, 7};
  return f(m, fi);
}
double cbt_arg_big(double (*f)(int32_t, struct cbt_big, int32_t)) {
  struct cbt_big b = {10, 20, 30, 0.5};
  return f(1, b, 2);
}
double cbt_arg_union(double (*f)(union cbt_union)) {
  union cbt_union u;
  u.d = 2.5;
  return f(u);
}
double cbt_arg_late_pair_d(double (*f)(double, double, double, double, double, double, double,
                                        struct cbt_pair_d, double)) {
  struct cbt_pair_d p = {8.5, 9.5};
  return f(1, 2, 3, 4, 5, 6, 7, p, 10);
}
int64_t cbt_ret_pair_i(struct cbt_pair_i (*f)(int32_t)) {
  struct cbt_pair_i r = f(5);
  return (int64_t)r.a * 1000 + r.b;
}
int64_t cbt_ret_small(struct cbt_small (*f)(void)) {
  struct cbt_small r = f();
  return r.c + 1000LL * r.s + 100000000LL * r.i;
}
double cbt_ret_pair_d(struct cbt_pair_d (*f)(double)) {
  struct cbt_pair_d r = f(2.0);
  return r.x * 1000 + r.y;
}
double cbt_ret_pair_f(struct cbt_pair_f (*f)(void)) {
  struct cbt_pair_f r = f();
  return r.x * 1000 + r.y;
}
double cbt_ret_mixed(struct cbt_mixed (*f)(void)) {
  struct cbt_mixed r = f();
  return r.d * 1000 + (double)r.i;
}
double cbt_ret_fi(struct cbt_fi (*f)(void)) {
  struct cbt_fi r = f();
  return r.f * 1000 + r.i;
}
double cbt_ret_big(struct cbt_big (*f)(int32_t)) {
  struct cbt_big r = f(3);
  return (double)(r.a + r.b + r.c) + r.d;
}
double cbt_ret_union(union cbt_union (*f)(void)) { return f().d; }

/* ---- raw registers -------------------------------------------------------------------------- */

__asm__(
    ".text\n"
    ".globl cbt_raw_call\n"
    ".type cbt_raw_call, @function\n"
    "cbt_raw_call:\n"
    "  push %rbx\n"
    "  mov %rsi, %rbx\n"
    "  mov $0x5555555555555555, %rax\n"
    "  mov %rax, %rdx\n"
    "  call *%rdi\n"
    "  mov %rax, (%rbx)\n"
    "  mov %rdx, 8(%rbx)\n"
    "  movq %xmm0, 16(%rbx)\n"
    "  movq %xmm1, 24(%rbx)\n"
    "  pop %rbx\n"
    "  ret\n"
    ".size cbt_raw_call, .-cbt_raw_call\n"
    ".globl cbt_preserves_registers\n"
    ".type cbt_preserves_registers, @function\n"
    "cbt_preserves_registers:\n"
    "  push %rbx\n"
    "  push %rbp\n"
    "  push %r12\n"
    "  push %r13\n"
    "  push %r14\n"
    "  push %r15\n"
    "  sub $8, %rsp\n"
    "  mov $0x1111111111111111, %rbx\n"
    "  mov $0x2222222222222222, %rbp\n"
    "  mov $0x3333333333333333, %r12\n"
    "  mov $0x4444444444444444, %r13\n"
    "  mov $0x6666666666666666, %r14\n"
    "  mov $0x7777777777777777, %r15\n"
    "  call *%rdi\n"
    "  xor %eax, %eax\n"
    "  mov $0x1111111111111111, %rcx\n"
    "  cmp %rcx, %rbx\n"
    "  jne 1f\n"
    "  mov $0x2222222222222222, %rcx\n"
    "  cmp %rcx, %rbp\n"
    "  jne 1f\n"
    "  mov $0x3333333333333333, %rcx\n"
    "  cmp %rcx, %r12\n"
    "  jne 1f\n"
    "  mov $0x4444444444444444, %rcx\n"
    "  cmp %rcx, %r13\n"
    "  jne 1f\n"
    "  mov $0x6666666666666666, %rcx\n"
    "  cmp %rcx, %r14\n"
    "  jne 1f\n"
    "  mov $0x7777777777777777, %rcx\n"
    "  cmp %rcx, %r15\n"
    "  jne 1f\n"
    "  mov $1, %eax\n"
    "1:\n"
    "  add $8, %rsp\n"
    "  pop %r15\n"
    "  pop %r14\n"
    "  pop %r13\n"
    "  pop %r12\n"
    "  pop %rbp\n"
    "  pop %rbx\n"
    "  ret\n"
    ".size cbt_preserves_registers, .-cbt_preserves_registers\n");

/* ---- recursion and stored callbacks --------------------------------------------------------- */

int32_t cbt_recurse(int32_t (*f)(int32_t), int32_t n) { return f(n) + 1; }

static int32_t (*stored)(int32_t);
void cbt_store(int32_t (*f)(int32_t)) { stored = f; }
int32_t cbt_call_stored(int32_t x) { return stored(x); }

double cbt_use_ops(const struct cbt_ops *ops, int32_t a, int32_t b, double x) {
  return ops->add(a, b) + ops->scale(x);
}

int64_t cbt_call_each(int32_t (**fs)(int32_t), int32_t n) {
  int64_t sum = 0;
  for (int32_t i = 0; i < n; i++) sum += fs[i](i);
  return sum;
}

int64_t cbt_call_n(int32_t (*f)(int32_t), int32_t n) {
  int64_t sum = 0;
  for (int32_t i = 0; i < n; i++) sum += f(i);
  return sum;
}

/* ---- threads -------------------------------------------------------------------------------- */

struct cbt_job {
  int32_t (*f)(int32_t);
  int32_t x;
  int32_t result;
};

static void *cbt_run_job(void *arg) {
  struct cbt_job *job = arg;
  job->result = job->f(job->x);
  return NULL;
}

int32_t cbt_call_in_joined_thread(int32_t (*f)(int32_t), int32_t x) {
  struct cbt_job job = {f, x, -1};
  pthread_t thread;
  if (pthread_create(&thread, NULL, cbt_run_job, &job) != 0) return -2;
  pthread_join(thread, NULL);
  return job.result;
}

static struct cbt_job detached_job;
static int32_t detached_done;

static void *cbt_run_detached(void *arg) {
  cbt_run_job(arg);
  __atomic_store_n(&detached_done, 1, __ATOMIC_RELEASE);
  return NULL;
}

int32_t cbt_call_in_detached_thread(int32_t (*f)(int32_t), int32_t x) {
  detached_job.f = f;
  detached_job.x = x;
  detached_job.result = -1;
  __atomic_store_n(&detached_done, 0, __ATOMIC_RELEASE);
  pthread_t thread;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  int rc = pthread_create(&thread, &attr, cbt_run_detached, &detached_job);
  pthread_attr_destroy(&attr);
  return rc == 0 ? 0 : -2;
}

int32_t cbt_detached_done(int32_t *result) {
  if (!__atomic_load_n(&detached_done, __ATOMIC_ACQUIRE)) return 0;
  *result = detached_job.result;
  return 1;
}

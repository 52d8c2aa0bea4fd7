/*
 * The ABI matrix test library: C functions with every kind of System V argument and result,
 * called by fengari-ffi's JIT'd thunks in the tests. Each function records what it received
 * (abi_rec_*) so the tests check every value on the C side, and returns something derived from
 * its arguments so they check the return path too. abi_spy is written in assembly: it records
 * the raw argument registers, AL, its entry RSP and the stack, which a C function cannot see.
 * Built with `cc -shared -fPIC -O2` by build.ts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "abi.h"

long long abi_rec_i[32];
double abi_rec_d[32];
unsigned char abi_rec_bytes[256];
int abi_rec_size;

/* ---- the register spy ---------------------------------------------------------------------- */

/* 6 GPRs, 8 XMMs, rax, entry RSP, 32 stack words. Hidden so the assembly can address it
   RIP-relative inside a shared object; exported through abi_spy_out. */
__attribute__((visibility("hidden"))) unsigned long long abi_spy_state[48];
unsigned long long *abi_spy_out = abi_spy_state;

__asm__(
    ".text\n"
    ".globl abi_spy\n"
    ".type abi_spy, @function\n"
    "abi_spy:\n"
    ".intel_syntax noprefix\n"
    "  lea r11, [rip + abi_spy_state]\n"
    "  mov [r11 + 0], rdi\n"
    "  mov [r11 + 8], rsi\n"
    "  mov [r11 + 16], rdx\n"
    "  mov [r11 + 24], rcx\n"
    "  mov [r11 + 32], r8\n"
    "  mov [r11 + 40], r9\n"
    "  movsd [r11 + 48], xmm0\n"
    "  movsd [r11 + 56], xmm1\n"
    "  movsd [r11 + 64], xmm2\n"
    "  movsd [r11 + 72], xmm3\n"
    "  movsd [r11 + 80], xmm4\n"
    "  movsd [r11 + 88], xmm5\n"
    "  movsd [r11 + 96], xmm6\n"
    "  movsd [r11 + 104], xmm7\n"
    "  mov [r11 + 112], rax\n"
    "  mov [r11 + 120], rsp\n"
    "  xor ecx, ecx\n"
    "1:\n"
    "  mov rax, [rsp + rcx * 8 + 8]\n"
    "  mov [r11 + rcx * 8 + 128], rax\n"
    "  inc ecx\n"
    "  cmp ecx, 32\n"
    "  jne 1b\n"
    "  movabs rax, 0x1122334455667788\n"
    "  movabs rdx, 0x99aabbccddeeff00\n"
    "  movabs rcx, 0x400921fb54442d18\n" /* pi */
    "  movq xmm0, rcx\n"
    "  movabs rcx, 0x4005bf0a8b145769\n" /* e */
    "  movq xmm1, rcx\n"
    "  ret\n"
    ".att_syntax prefix\n"
    ".size abi_spy, . - abi_spy\n");

/* ---- integers -------------------------------------------------------------------------------- */

#define ID(name, T)          \
  T abi_id_##name(T x) {     \
    abi_rec_i[0] = (long long)x; \
    return x;                \
  }
ID(char, char)
ID(schar, signed char)
ID(uchar, unsigned char)
ID(short, short)
ID(ushort, unsigned short)
ID(int, int)
ID(uint, unsigned int)
ID(long, long)
ID(ulong, unsigned long)
ID(llong, long long)
ID(ullong, unsigned long long)
ID(int8, int8_t)
ID(uint16, uint16_t)
ID(int64, int64_t)
ID(bool, bool)

/* Narrowing results: gcc returns these with the whole argument still in the upper bits of
   RAX, so a caller that does not narrow sees the wrong value. */
char abi_narrow_char(int x) { return (char)x; }
unsigned char abi_narrow_uchar(int x) { return (unsigned char)x; }
short abi_narrow_short(int x) { return (short)x; }
unsigned short abi_narrow_ushort(int x) { return (unsigned short)x; }
int abi_narrow_int(long long x) { return (int)x; }
unsigned int abi_narrow_uint(long long x) { return (unsigned int)x; }
bool abi_nonzero(int x) { return x != 0; }

int abi_widen_char(char x) { return x; }
int abi_widen_uchar(unsigned char x) { return x; }
int abi_widen_short(short x) { return x; }
int abi_widen_ushort(unsigned short x) { return x; }
long long abi_widen_int(int x) { return x; }
unsigned long long abi_widen_uint(unsigned int x) { return x; }

/* ---- enums, pointers, floating point ----------------------------------------------------------- */

abi_color abi_next_color(abi_color c) {
  abi_rec_i[0] = c;
  return c == ABI_RED ? ABI_GREEN : c == ABI_GREEN ? ABI_BLUE : ABI_RED;
}
abi_big_enum abi_id_big_enum(abi_big_enum e) {
  abi_rec_i[0] = (long long)e;
  return e;
}
abi_pk_u8 abi_id_pk_u8(abi_pk_u8 e) {
  abi_rec_i[0] = (long long)e;
  return e;
}
abi_pk_s8 abi_id_pk_s8(abi_pk_s8 e) {
  abi_rec_i[0] = (long long)e;
  return e;
}
abi_pk_s16 abi_id_pk_s16(abi_pk_s16 e) {
  abi_rec_i[0] = (long long)e;
  return e;
}
abi_pk_struct abi_make_pk(abi_pk_u8 u, abi_pk_s16 w, abi_pk_s8 s) {
  abi_pk_struct r = {'x', u, w, s};
  return r;
}
int abi_pk_layout(void) {
  return (int)(sizeof(abi_pk_struct) * 1000 + offsetof(abi_pk_struct, u) * 100 +
               offsetof(abi_pk_struct, w) * 10 + offsetof(abi_pk_struct, s));
}
void *abi_ptr_add(void *p, long n) { return (char *)p + n; }
const char *abi_strchr(const char *s, int c) { return strchr(s, c); }
static int triple(int x) { return 3 * x; }
int (*abi_get_callback(void))(int) { return triple; }
int abi_call_callback(int (*f)(int), int x) { return f(x) + 1; }
float abi_fadd(float a, float b) {
  abi_rec_d[0] = a;
  abi_rec_d[1] = b;
  return a + b;
}
double abi_dmul(double a, double b) { return a * b; }
double abi_f2d(float x) { return x; }
float abi_d2f(double x) { return (float)x; }

/* ---- argument lists ---------------------------------------------------------------------------- */

int abi_args0(void) { return 42; }

long abi_ints6(long a1, long a2, long a3, long a4, long a5, long a6) {
  long a[] = {a1, a2, a3, a4, a5, a6};
  long sum = 0;
  for (int i = 0; i < 6; i++) abi_rec_i[i] = a[i], sum += a[i] * (i + 1);
  return sum;
}

long abi_ints7(long a1, long a2, long a3, long a4, long a5, long a6, long a7) {
  long a[] = {a1, a2, a3, a4, a5, a6, a7};
  long sum = 0;
  for (int i = 0; i < 7; i++) abi_rec_i[i] = a[i], sum += a[i] * (i + 1);
  return sum;
}

long abi_ints20(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9, long a10,
                long a11, long a12, long a13, long a14, long a15, long a16, long a17, long a18, long a19,
                long a20) {
  long a[] = {a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20};
  long sum = 0;
  for (int i = 0; i < 20; i++) abi_rec_i[i] = a[i], sum += a[i] * (i + 1);
  return sum;
}

double abi_doubles8(double a1, double a2, double a3, double a4, double a5, double a6, double a7, double a8) {
  double a[] = {a1, a2, a3, a4, a5, a6, a7, a8};
  double sum = 0;
  for (int i = 0; i < 8; i++) abi_rec_d[i] = a[i], sum += a[i] * (i + 1);
  return sum;
}

double abi_doubles9(double a1, double a2, double a3, double a4, double a5, double a6, double a7, double a8,
                    double a9) {
  double a[] = {a1, a2, a3, a4, a5, a6, a7, a8, a9};
  double sum = 0;
  for (int i = 0; i < 9; i++) abi_rec_d[i] = a[i], sum += a[i] * (i + 1);
  return sum;
}

double abi_doubles20(double a1, double a2, double a3, double a4, double a5, double a6, double a7, double a8,
                     double a9, double a10, double a11, double a12, double a13, double a14, double a15,
                     double a16, double a17, double a18, double a19, double a20) {
  double a[] = {a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20};
  double sum = 0;
  for (int i = 0; i < 20; i++) abi_rec_d[i] = a[i], sum += a[i] * (i + 1);
  return sum;
}

/* Integers go to abi_rec_i, floating-point values to abi_rec_d, both at the argument's index. */
double abi_mixed20(int a1, double a2, char a3, float a4, long a5, double a6, short a7, float a8,
                   unsigned int a9, double a10, long long a11, float a12, unsigned char a13, double a14,
                   int a15, float a16, unsigned short a17, double a18, signed char a19, double a20) {
  abi_rec_i[0] = a1, abi_rec_d[1] = a2, abi_rec_i[2] = a3, abi_rec_d[3] = a4, abi_rec_i[4] = a5;
  abi_rec_d[5] = a6, abi_rec_i[6] = a7, abi_rec_d[7] = a8, abi_rec_i[8] = a9, abi_rec_d[9] = a10;
  abi_rec_i[10] = a11, abi_rec_d[11] = a12, abi_rec_i[12] = a13, abi_rec_d[13] = a14, abi_rec_i[14] = a15;
  abi_rec_d[15] = a16, abi_rec_i[16] = a17, abi_rec_d[17] = a18, abi_rec_i[18] = a19, abi_rec_d[19] = a20;
  return a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15 + a16 + a17 + a18 +
         a19 + a20;
}

double abi_floats_then_ints(float a1, float a2, float a3, float a4, float a5, float a6, float a7, float a8,
                            float a9, float a10, char a11, short a12, int a13, long a14, unsigned char a15,
                            unsigned short a16, unsigned int a17, unsigned long a18) {
  float f[] = {a1, a2, a3, a4, a5, a6, a7, a8, a9, a10};
  double sum = 0;
  for (int i = 0; i < 10; i++) abi_rec_d[i] = f[i], sum += f[i];
  abi_rec_i[10] = a11, abi_rec_i[11] = a12, abi_rec_i[12] = a13, abi_rec_i[13] = a14;
  abi_rec_i[14] = a15, abi_rec_i[15] = a16, abi_rec_i[16] = a17, abi_rec_i[17] = (long long)a18;
  return sum + a11 + a12 + a13 + a14 + a15 + a16 + a17 + (double)a18;
}

/* ---- structs and unions by value ------------------------------------------------------------- */

static void record(const void *p, int size) {
  memcpy(abi_rec_bytes, p, size);
  abi_rec_size = size;
}

#define STRUCT(T, ...)                      \
  T abi_val_##T = __VA_ARGS__;              \
  T abi_ret_##T(void) { return abi_val_##T; } \
  void abi_take_##T(T v) { record(&v, sizeof v); }

STRUCT(abi_c, {-7})
STRUCT(abi_sc, {-300, 9})
STRUCT(abi_if, {-123456, 2.5f})
STRUCT(abi_ff, {1.25f, -2.5f})
STRUCT(abi_fff, {1.5f, 2.5f, -3.5f})
STRUCT(abi_di, {3.25, -77})
STRUCT(abi_id, {-88, 6.5})
STRUCT(abi_c3, {{1, -2, 3}})
STRUCT(abi_ld, {-1234567890123L, 0.125})
STRUCT(abi_dd, {1e100, -2e-100})
STRUCT(abi_ll, {0x123456789aL, -0x123456789bL})
STRUCT(abi_iii, {-1, 2, -3})
STRUCT(abi_fid, {4.5f, -5, 6.75})
STRUCT(abi_cd, {'x', 9.5})
STRUCT(abi_d, {-0.0625})
STRUCT(abi_lll, {11, -22, 33})
STRUCT(abi_dddd, {1.5, 2.5, 3.5, 4.5})
STRUCT(abi_big, {"a 100-byte struct, copied onto the stack by a loop in the thunk"})
STRUCT(abi_u_if, {.i = 0x40490fdb})
STRUCT(abi_u_dl, {.l = 0x0123456789abcdefL})
STRUCT(abi_u_ffd, {.f = {1.5f, -2.25f}})
STRUCT(abi_u_c12d, {.c = "eleven chars"})
STRUCT(abi_p_ci, {'p', 0x01020304})
STRUCT(abi_p_ii, {-5, 6})
STRUCT(abi_p_cd, {'q', -1.75})
STRUCT(abi_nested, {{1.5f, 2.5f}, -3})
STRUCT(abi_nested2, {{'n'}, {-400}, 8.5f})
STRUCT(abi_f4, {{1.0f, 2.0f, 3.0f, 4.0f}})
STRUCT(abi_f3, {{-1.0f, -2.0f, -3.0f}})
STRUCT(abi_bits, {-3, 11, 0.5f})
STRUCT(abi_fbits, {7.25f, -6})
STRUCT(abi_a32, {-32, 3.5})
STRUCT(abi_a64, {-64})

double abi_xmm7_corner(double a1, double a2, double a3, double a4, double a5, double a6, double a7,
                       abi_dd s, double z) {
  abi_rec_d[0] = a7, abi_rec_d[1] = s.a, abi_rec_d[2] = s.b, abi_rec_d[3] = z;
  return a1 + a2 + a3 + a4 + a5 + a6 + a7 + s.a + s.b + z;
}

long abi_gpr_corner(long a1, long a2, long a3, long a4, long a5, abi_ll s, long z) {
  abi_rec_i[0] = a5, abi_rec_i[1] = s.a, abi_rec_i[2] = s.b, abi_rec_i[3] = z;
  return a1 + a2 + a3 + a4 + a5 + s.a + s.b + z;
}

double abi_struct_mix(abi_ld a, abi_di b, abi_lll c, abi_ff d, int e, abi_dd f, abi_fid g, double h) {
  abi_rec_i[0] = a.a, abi_rec_d[1] = a.b, abi_rec_d[2] = b.a, abi_rec_i[3] = b.b;
  abi_rec_i[4] = c.a, abi_rec_i[5] = c.b, abi_rec_i[6] = c.c, abi_rec_d[7] = d.a, abi_rec_d[8] = d.b;
  abi_rec_i[9] = e, abi_rec_d[10] = f.a, abi_rec_d[11] = f.b, abi_rec_d[12] = g.a, abi_rec_i[13] = g.b;
  abi_rec_d[14] = g.c, abi_rec_d[15] = h;
  return a.a + a.b + b.a + b.b + c.a + c.b + c.c + d.a + d.b + e + f.a + f.b + g.a + g.b + g.c + h;
}

abi_lll abi_sret_args(long a, double b, abi_dd c, long d) {
  abi_lll r = {a + d, (long)(b * 2), (long)(c.a + c.b)};
  return r;
}

abi_dd abi_dd_from(double a, double b) {
  abi_dd r = {a, b};
  return r;
}

long abi_after_a32(long a1, long a2, long a3, long a4, long a5, long a6, long a7, abi_a32 s, long z) {
  abi_rec_i[0] = a7, abi_rec_i[1] = s.a, abi_rec_d[2] = s.b, abi_rec_i[3] = z;
  return a1 + a2 + a3 + a4 + a5 + a6 + a7 + s.a + (long)s.b + z;
}

long abi_after_a64(long a1, long a2, long a3, long a4, long a5, long a6, long a7, abi_a64 s, long z) {
  abi_rec_i[0] = a7, abi_rec_i[1] = s.a, abi_rec_i[3] = z;
  return a1 + a2 + a3 + a4 + a5 + a6 + a7 + s.a + z;
}

long abi_empty_between(int a, abi_empty e, int b) {
  (void)e;
  return a * 1000L + b;
}

/* ---- varargs ------------------------------------------------------------------------------------ */

double abi_va_sum(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  double sum = 0;
  for (int i = 0; fmt[i] != 0 && i < 32; i++) {
    switch (fmt[i]) {
      case 'i': {
        int v = va_arg(ap, int);
        abi_rec_i[i] = v, sum += v;
        break;
      }
      case 'l': {
        long v = va_arg(ap, long);
        abi_rec_i[i] = v, sum += (double)v;
        break;
      }
      case 'd': {
        double v = va_arg(ap, double);
        abi_rec_d[i] = v, sum += v;
        break;
      }
      case 'p':
        abi_rec_i[i] = (long long)(intptr_t)va_arg(ap, void *);
        break;
      case 's': {
        const char *s = va_arg(ap, const char *);
        abi_rec_i[i] = (long long)strlen(s);
        break;
      }
    }
  }
  va_end(ap);
  return sum;
}

/* ---- complex --------------------------------------------------------------------------------- */

_Complex float abi_cf_mul(_Complex float a, _Complex float b) { return a * b; }
_Complex double abi_cd_mul(_Complex double a, _Complex double b) { return a * b; }
double abi_cd_abs2(_Complex double a) {
  double re = __real__ a, im = __imag__ a;
  return re * re + im * im;
}

/*
 * The ABI matrix test library's declarations: parsed by fengari-ffi's own `cdef` in the tests
 * and included by abi.c, so both sides see one set of signatures. Plain declarations only (no
 * preprocessor): abi.c includes <stdbool.h> and <stdint.h> before this file.
 */

/* What the last call saw, recorded on the C side: integers, floating-point values, raw bytes. */
extern long long abi_rec_i[32];
extern double abi_rec_d[32];
extern unsigned char abi_rec_bytes[256];
extern int abi_rec_size;

/* The register spy (assembly): stores rdi..r9, xmm0..7 (low 8 bytes), rax, its entry RSP and
   32 stack words above the return address into abi_spy_out, then returns recognisable values
   in rax, rdx, xmm0 and xmm1. Declared here once per signature the tests send it. */
extern unsigned long long *abi_spy_out;

/* Integers of every width, signed and unsigned: identity, and narrowing of a wider argument. */
char abi_id_char(char x);
signed char abi_id_schar(signed char x);
unsigned char abi_id_uchar(unsigned char x);
short abi_id_short(short x);
unsigned short abi_id_ushort(unsigned short x);
int abi_id_int(int x);
unsigned int abi_id_uint(unsigned int x);
long abi_id_long(long x);
unsigned long abi_id_ulong(unsigned long x);
long long abi_id_llong(long long x);
unsigned long long abi_id_ullong(unsigned long long x);
int8_t abi_id_int8(int8_t x);
uint16_t abi_id_uint16(uint16_t x);
int64_t abi_id_int64(int64_t x);
bool abi_id_bool(bool x);
char abi_narrow_char(int x);
unsigned char abi_narrow_uchar(int x);
short abi_narrow_short(int x);
unsigned short abi_narrow_ushort(int x);
int abi_narrow_int(long long x);
unsigned int abi_narrow_uint(long long x);
bool abi_nonzero(int x);
int abi_widen_char(char x);
int abi_widen_uchar(unsigned char x);
int abi_widen_short(short x);
int abi_widen_ushort(unsigned short x);
long long abi_widen_int(int x);
unsigned long long abi_widen_uint(unsigned int x);

/* Enums, pointers, float and double. */
typedef enum { ABI_RED = 1, ABI_GREEN = 2, ABI_BLUE = -3 } abi_color;
typedef enum { ABI_SMALL = 1, ABI_LARGE = 4000000000 } abi_big_enum;
abi_color abi_next_color(abi_color c);
abi_big_enum abi_id_big_enum(abi_big_enum e);
/* Packed enums: gcc gives each the smallest integer type that holds its constants. */
typedef enum __attribute__((packed)) { ABI_PK_LOW = 0, ABI_PK_HIGH = 200 } abi_pk_u8;
typedef enum __attribute__((packed)) { ABI_PK_NEG = -100, ABI_PK_POS = 100 } abi_pk_s8;
typedef enum { ABI_PK_WNEG = -1000, ABI_PK_WPOS = 1000 } __attribute__((packed)) abi_pk_s16;
typedef struct { char c; abi_pk_u8 u; abi_pk_s16 w; abi_pk_s8 s; } abi_pk_struct;
abi_pk_u8 abi_id_pk_u8(abi_pk_u8 e);
abi_pk_s8 abi_id_pk_s8(abi_pk_s8 e);
abi_pk_s16 abi_id_pk_s16(abi_pk_s16 e);
abi_pk_struct abi_make_pk(abi_pk_u8 u, abi_pk_s16 w, abi_pk_s8 s);
/* sizeof(abi_pk_struct) * 1000 + the offsets of u, w and s (each below 10) */
int abi_pk_layout(void);
void *abi_ptr_add(void *p, long n);
const char *abi_strchr(const char *s, int c);
int (*abi_get_callback(void))(int);
int abi_call_callback(int (*f)(int), int x);
float abi_fadd(float a, float b);
double abi_dmul(double a, double b);
double abi_f2d(float x);
float abi_d2f(double x);

/* Argument lists of 0..20 arguments: every argument recorded, a weighted sum returned. */
int abi_args0(void);
long abi_ints6(long a1, long a2, long a3, long a4, long a5, long a6);
long abi_ints7(long a1, long a2, long a3, long a4, long a5, long a6, long a7);
long abi_ints20(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9, long a10,
                long a11, long a12, long a13, long a14, long a15, long a16, long a17, long a18, long a19,
                long a20);
double abi_doubles8(double a1, double a2, double a3, double a4, double a5, double a6, double a7, double a8);
double abi_doubles9(double a1, double a2, double a3, double a4, double a5, double a6, double a7, double a8,
                    double a9);
double abi_doubles20(double a1, double a2, double a3, double a4, double a5, double a6, double a7, double a8,
                     double a9, double a10, double a11, double a12, double a13, double a14, double a15,
                     double a16, double a17, double a18, double a19, double a20);
double abi_mixed20(int a1, double a2, char a3, float a4, long a5, double a6, short a7, float a8,
                   unsigned int a9, double a10, long long a11, float a12, unsigned char a13, double a14,
                   int a15, float a16, unsigned short a17, double a18, signed char a19, double a20);
double abi_floats_then_ints(float a1, float a2, float a3, float a4, float a5, float a6, float a7, float a8,
                            float a9, float a10, char a11, short a12, int a13, long a14, unsigned char a15,
                            unsigned short a16, unsigned int a17, unsigned long a18);

/* Structs and unions by value, one per class combination. */
typedef struct { char a; } abi_c;
typedef struct { short a; char b; } abi_sc;
typedef struct { int a; float b; } abi_if;
typedef struct { float a, b; } abi_ff;
typedef struct { float a, b, c; } abi_fff;
typedef struct { double a; int b; } abi_di;
typedef struct { int a; double b; } abi_id;
typedef struct { char a[3]; } abi_c3;
typedef struct { long a; double b; } abi_ld;
typedef struct { double a, b; } abi_dd;
typedef struct { long a, b; } abi_ll;
typedef struct { int a, b, c; } abi_iii;
typedef struct { float a; int b; double c; } abi_fid;
typedef struct { char a; double b; } abi_cd;
typedef struct { double a; } abi_d;
typedef struct { long a, b, c; } abi_lll;
typedef struct { double a, b, c, d; } abi_dddd;
typedef struct { char a[100]; } abi_big;
typedef union { int i; float f; } abi_u_if;
typedef union { double d; long l; } abi_u_dl;
typedef union { float f[2]; double d; } abi_u_ffd;
typedef union { char c[12]; double d; } abi_u_c12d;
typedef struct __attribute__((packed)) { char a; int b; } abi_p_ci;
typedef struct __attribute__((packed)) { int a; int b; } abi_p_ii;
typedef struct __attribute__((packed)) { char a; double b; } abi_p_cd;
typedef struct { struct { float x, y; } p; int z; } abi_nested;
typedef struct { struct { char c; } a; struct { short s; } b; float f; } abi_nested2;
typedef struct { float v[4]; } abi_f4;
typedef struct { float v[3]; } abi_f3;
typedef struct { int a : 3; int b : 5; float f; } abi_bits;
typedef struct { float f; int bits : 4; } abi_fbits;
typedef struct { } abi_empty;
typedef struct __attribute__((aligned(32))) { long a; double b; } abi_a32;
typedef struct __attribute__((aligned(64))) { int a; } abi_a64;

abi_c abi_ret_abi_c(void);
void abi_take_abi_c(abi_c v);
abi_sc abi_ret_abi_sc(void);
void abi_take_abi_sc(abi_sc v);
abi_if abi_ret_abi_if(void);
void abi_take_abi_if(abi_if v);
abi_ff abi_ret_abi_ff(void);
void abi_take_abi_ff(abi_ff v);
abi_fff abi_ret_abi_fff(void);
void abi_take_abi_fff(abi_fff v);
abi_di abi_ret_abi_di(void);
void abi_take_abi_di(abi_di v);
abi_id abi_ret_abi_id(void);
void abi_take_abi_id(abi_id v);
abi_c3 abi_ret_abi_c3(void);
void abi_take_abi_c3(abi_c3 v);
abi_ld abi_ret_abi_ld(void);
void abi_take_abi_ld(abi_ld v);
abi_dd abi_ret_abi_dd(void);
void abi_take_abi_dd(abi_dd v);
abi_ll abi_ret_abi_ll(void);
void abi_take_abi_ll(abi_ll v);
abi_iii abi_ret_abi_iii(void);
void abi_take_abi_iii(abi_iii v);
abi_fid abi_ret_abi_fid(void);
void abi_take_abi_fid(abi_fid v);
abi_cd abi_ret_abi_cd(void);
void abi_take_abi_cd(abi_cd v);
abi_d abi_ret_abi_d(void);
void abi_take_abi_d(abi_d v);
abi_lll abi_ret_abi_lll(void);
void abi_take_abi_lll(abi_lll v);
abi_dddd abi_ret_abi_dddd(void);
void abi_take_abi_dddd(abi_dddd v);
abi_big abi_ret_abi_big(void);
void abi_take_abi_big(abi_big v);
abi_u_if abi_ret_abi_u_if(void);
void abi_take_abi_u_if(abi_u_if v);
abi_u_dl abi_ret_abi_u_dl(void);
void abi_take_abi_u_dl(abi_u_dl v);
abi_u_ffd abi_ret_abi_u_ffd(void);
void abi_take_abi_u_ffd(abi_u_ffd v);
abi_u_c12d abi_ret_abi_u_c12d(void);
void abi_take_abi_u_c12d(abi_u_c12d v);
abi_p_ci abi_ret_abi_p_ci(void);
void abi_take_abi_p_ci(abi_p_ci v);
abi_p_ii abi_ret_abi_p_ii(void);
void abi_take_abi_p_ii(abi_p_ii v);
abi_p_cd abi_ret_abi_p_cd(void);
void abi_take_abi_p_cd(abi_p_cd v);
abi_nested abi_ret_abi_nested(void);
void abi_take_abi_nested(abi_nested v);
abi_nested2 abi_ret_abi_nested2(void);
void abi_take_abi_nested2(abi_nested2 v);
abi_f4 abi_ret_abi_f4(void);
void abi_take_abi_f4(abi_f4 v);
abi_f3 abi_ret_abi_f3(void);
void abi_take_abi_f3(abi_f3 v);
abi_bits abi_ret_abi_bits(void);
void abi_take_abi_bits(abi_bits v);
abi_fbits abi_ret_abi_fbits(void);
void abi_take_abi_fbits(abi_fbits v);
abi_a32 abi_ret_abi_a32(void);
void abi_take_abi_a32(abi_a32 v);
abi_a64 abi_ret_abi_a64(void);
void abi_take_abi_a64(abi_a64 v);

/* The values abi_ret_T returns (the tests compare the returned bytes with these). */
extern abi_c abi_val_abi_c;
extern abi_sc abi_val_abi_sc;
extern abi_if abi_val_abi_if;
extern abi_ff abi_val_abi_ff;
extern abi_fff abi_val_abi_fff;
extern abi_di abi_val_abi_di;
extern abi_id abi_val_abi_id;
extern abi_c3 abi_val_abi_c3;
extern abi_ld abi_val_abi_ld;
extern abi_dd abi_val_abi_dd;
extern abi_ll abi_val_abi_ll;
extern abi_iii abi_val_abi_iii;
extern abi_fid abi_val_abi_fid;
extern abi_cd abi_val_abi_cd;
extern abi_d abi_val_abi_d;
extern abi_lll abi_val_abi_lll;
extern abi_dddd abi_val_abi_dddd;
extern abi_big abi_val_abi_big;
extern abi_u_if abi_val_abi_u_if;
extern abi_u_dl abi_val_abi_u_dl;
extern abi_u_ffd abi_val_abi_u_ffd;
extern abi_u_c12d abi_val_abi_u_c12d;
extern abi_p_ci abi_val_abi_p_ci;
extern abi_p_ii abi_val_abi_p_ii;
extern abi_p_cd abi_val_abi_p_cd;
extern abi_nested abi_val_abi_nested;
extern abi_nested2 abi_val_abi_nested2;
extern abi_f4 abi_val_abi_f4;
extern abi_f3 abi_val_abi_f3;
extern abi_bits abi_val_abi_bits;
extern abi_fbits abi_val_abi_fbits;
extern abi_a32 abi_val_abi_a32;
extern abi_a64 abi_val_abi_a64;

/* Structs among other arguments: register exhaustion sends a whole struct to the stack. */
double abi_xmm7_corner(double a1, double a2, double a3, double a4, double a5, double a6, double a7,
                       abi_dd s, double z);
long abi_gpr_corner(long a1, long a2, long a3, long a4, long a5, abi_ll s, long z);
double abi_struct_mix(abi_ld a, abi_di b, abi_lll c, abi_ff d, int e, abi_dd f, abi_fid g, double h);
abi_lll abi_sret_args(long a, double b, abi_dd c, long d);
abi_dd abi_dd_from(double a, double b);
long abi_empty_between(int a, abi_empty e, int b);
/* Over-aligned structs on the stack: gcc (since 4.6) aligns their slot to 32 or 64 bytes. */
long abi_after_a32(long a1, long a2, long a3, long a4, long a5, long a6, long a7, abi_a32 s, long z);
long abi_after_a64(long a1, long a2, long a3, long a4, long a5, long a6, long a7, abi_a64 s, long z);

/* Varargs: `fmt` says what follows (i int, l long, d double, p pointer, s string); each
   argument is recorded and the numeric ones summed. */
double abi_va_sum(const char *fmt, ...);

/* Complex numbers. */
_Complex float abi_cf_mul(_Complex float a, _Complex float b);
_Complex double abi_cd_mul(_Complex double a, _Complex double b);
double abi_cd_abs2(_Complex double a);

/*
 * The callback test library's declarations: parsed by fengari-ffi's `cdef` in the tests and
 * included by callbacks.c. Plain declarations only (no preprocessor): callbacks.c includes
 * <stdbool.h> and <stdint.h> before this file. Every cbt_* function calls the function pointer
 * it is given with known arguments and returns what the callback returned (widened where the
 * return type is narrow, so the C side does the narrowing a real caller would do).
 */

enum cbt_color { CBT_RED = 1, CBT_GREEN = 2, CBT_BLUE = -3 };
/* a packed enum is one byte (gcc), signed here */
enum __attribute__((packed)) cbt_small_color { CBT_DARK = -100, CBT_LIGHT = 100 };

struct cbt_pair_i { int32_t a; int32_t b; };
struct cbt_small { int8_t c; int16_t s; int32_t i; };
struct cbt_pair_d { double x; double y; };
struct cbt_pair_f { float x; float y; };
struct cbt_mixed { double d; int64_t i; };
struct cbt_fi { float f; int32_t i; };
struct cbt_big { int64_t a; int64_t b; int64_t c; double d; };
union cbt_union { int64_t i; double d; };

/* 0 to 16 arguments: integers of every width, floats, doubles, pointers, enums; past six
   integers and eight floating-point values the rest are on the stack. */
int32_t cbt_call0(int32_t (*f)(void));
int32_t cbt_call1(int32_t (*f)(int32_t), int32_t a);
int64_t cbt_call2(int64_t (*f)(int8_t, uint8_t), int8_t a, uint8_t b);
double cbt_call3(double (*f)(int16_t, uint16_t, double));
double cbt_call4(double (*f)(float, double, int32_t, uint32_t));
int64_t cbt_call6(int64_t (*f)(int64_t, uint64_t, void *, enum cbt_color, int8_t, uint16_t));
double cbt_call8(double (*f)(int32_t, double, int32_t, double, int32_t, double, int32_t, double));
int64_t cbt_call16(int64_t (*f)(int8_t, uint8_t, int16_t, uint16_t, int32_t, uint32_t, int64_t,
                                uint64_t, float, double, void *, enum cbt_color, float, double,
                                int32_t, double));
double cbt_call_d10(double (*f)(double, double, double, double, double, double, double, double,
                                double, double));
double cbt_call_f10(double (*f)(float, float, float, float, float, float, float, float, float,
                                float));

/* Every result type. */
void cbt_ret_void(void (*f)(int32_t), int32_t x);
int32_t cbt_ret_bool(bool (*f)(void));
int32_t cbt_ret_i8(int8_t (*f)(void));
int32_t cbt_ret_u8(uint8_t (*f)(void));
int32_t cbt_ret_i16(int16_t (*f)(void));
int32_t cbt_ret_u16(uint16_t (*f)(void));
int32_t cbt_ret_i32(int32_t (*f)(void));
uint32_t cbt_ret_u32(uint32_t (*f)(void));
int64_t cbt_ret_i64(int64_t (*f)(void));
uint64_t cbt_ret_u64(uint64_t (*f)(void));
float cbt_ret_float(float (*f)(void));
double cbt_ret_double(double (*f)(void));
void *cbt_ret_ptr(void *(*f)(void));
const char *cbt_ret_string(const char *(*f)(void));
int32_t cbt_ret_enum(enum cbt_color (*f)(void));
/* passes a packed enum (sign-extended in its register) and returns what came back, widened */
int32_t cbt_small_enum(enum cbt_small_color (*f)(enum cbt_small_color), enum cbt_small_color x);
uint64_t cbt_ret_size_t(size_t (*f)(void));

/* Structs and unions by value, as arguments and as results. */
int64_t cbt_arg_pair_i(int64_t (*f)(struct cbt_pair_i, int32_t));
int64_t cbt_arg_small(int64_t (*f)(struct cbt_small));
double cbt_arg_pair_d(double (*f)(double, struct cbt_pair_d));
double cbt_arg_pair_f(double (*f)(struct cbt_pair_f));
double cbt_arg_mixed(double (*f)(struct cbt_mixed, struct cbt_fi));
double cbt_arg_big(double (*f)(int32_t, struct cbt_big, int32_t));
double cbt_arg_union(double (*f)(union cbt_union));
double cbt_arg_late_pair_d(double (*f)(double, double, double, double, double, double, double,
                                        struct cbt_pair_d, double));
int64_t cbt_ret_pair_i(struct cbt_pair_i (*f)(int32_t));
int64_t cbt_ret_small(struct cbt_small (*f)(void));
double cbt_ret_pair_d(struct cbt_pair_d (*f)(double));
double cbt_ret_pair_f(struct cbt_pair_f (*f)(void));
double cbt_ret_mixed(struct cbt_mixed (*f)(void));
double cbt_ret_fi(struct cbt_fi (*f)(void));
double cbt_ret_big(struct cbt_big (*f)(int32_t));
double cbt_ret_union(union cbt_union (*f)(void));

/* Raw registers: calls f() and stores rax, rdx, xmm0, xmm1 as they came back (assembly). */
void cbt_raw_call(void *f, uint64_t *out);
/* Calls f() with rbx, rbp, r12..r15 holding known values; 1 if they survived (assembly). */
int32_t cbt_preserves_registers(void *f);

/* Recursion through C: returns f(n) + 1. */
int32_t cbt_recurse(int32_t (*f)(int32_t), int32_t n);

/* Callbacks kept by C: a stored pointer, a struct of pointers, an array of pointers. */
void cbt_store(int32_t (*f)(int32_t));
int32_t cbt_call_stored(int32_t x);
struct cbt_ops { int32_t (*add)(int32_t, int32_t); double (*scale)(double); };
double cbt_use_ops(const struct cbt_ops *ops, int32_t a, int32_t b, double x);
int64_t cbt_call_each(int32_t (**fs)(int32_t), int32_t n);
int64_t cbt_call_n(int32_t (*f)(int32_t), int32_t n);

/* Threads: f called from a thread that is joined (the caller blocks in pthread_join), or from a
   detached thread (cbt_detached_done() reports 1 when it finished, with the result it got). */
int32_t cbt_call_in_joined_thread(int32_t (*f)(int32_t), int32_t x);
int32_t cbt_call_in_detached_thread(int32_t (*f)(int32_t), int32_t x);
int32_t cbt_detached_done(int32_t *result);

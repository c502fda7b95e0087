/*
 * 8-lane float vectors (clang/GCC vector extensions) and the functions the kernels share.
 * Included by each kernel file; every function is always_inline so it is compiled into the
 * AVX2 and the baseline variant alike.
 */
#ifndef ATTNVIZ_VECTOR_MATH_H
#define ATTNVIZ_VECTOR_MATH_H

#include <string.h>

/* The helpers below pass 8-lane vectors by value; they are always inlined, so no call (and no
 * ABI) exists for the baseline variant's -Wpsabi warnings to be about. */
#pragma clang diagnostic ignored "-Wpsabi"

typedef float v8f __attribute__((vector_size(32)));
typedef int v8i __attribute__((vector_size(32)));

#define ALWAYS_INLINE static inline __attribute__((always_inline))

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define ATTNVIZ_AVX2 __attribute__((target("avx2,fma")))
#define ATTNVIZ_HAS_AVX2_VARIANT 1
#else
#define ATTNVIZ_AVX2
#define ATTNVIZ_HAS_AVX2_VARIANT 0
#endif

ALWAYS_INLINE v8f v8_splat(float x) { return (v8f){x, x, x, x, x, x, x, x}; }
ALWAYS_INLINE v8f v8_load(const float *p) { v8f v; memcpy(&v, p, sizeof v); return v; }
ALWAYS_INLINE void v8_store(float *p, v8f v) { memcpy(p, &v, sizeof v); }
ALWAYS_INLINE v8f v8_min(v8f a, v8f b) { return __builtin_elementwise_min(a, b); }
ALWAYS_INLINE v8f v8_max(v8f a, v8f b) { return __builtin_elementwise_max(a, b); }
ALWAYS_INLINE v8f v8_select(v8i mask, v8f yes, v8f no) {
    return (v8f)(((v8i)yes & mask) | ((v8i)no & ~mask));
}

ALWAYS_INLINE float v8_sum(v8f v) {
    return ((v[0] + v[4]) + (v[1] + v[5])) + ((v[2] + v[6]) + (v[3] + v[7]));
}

ALWAYS_INLINE float v8_largest(v8f v) {
    float m = v[0];
    for (int i = 1; i < 8; i++) m = v[i] > m ? v[i] : m;
    return m;
}

/*
 * exp(x) to about 2 ulp for x in [-87.3, 88.3] and 0 below: Cody-Waite range reduction and
 * Cephes' degree-6 polynomial, rounding with the 1.5 * 2^23 trick, no calls and no branches.
 */
ALWAYS_INLINE v8f v8_exp(v8f x) {
    const v8f magic = v8_splat(12582912.0f);
    v8f clamped = v8_min(v8_max(x, v8_splat(-87.3f)), v8_splat(88.3f));
    v8f shifted = clamped * v8_splat(1.44269504f) + magic;
    v8f n = shifted - magic;
    v8f r = clamped - n * v8_splat(0.693359375f) + n * v8_splat(2.12194440e-4f);
    v8f p = v8_splat(1.9875691e-4f);
    p = p * r + v8_splat(1.3981999e-3f);
    p = p * r + v8_splat(8.3334519e-3f);
    p = p * r + v8_splat(4.1665796e-2f);
    p = p * r + v8_splat(1.6666666e-1f);
    p = p * r + v8_splat(0.5f);
    p = p * r * r + r + v8_splat(1.0f);
    v8i integer = (v8i)shifted - (v8i)magic;             /* n as an integer */
    v8f scale = (v8f)((integer + 127) << 23);
    return v8_select(x < v8_splat(-87.3f), v8_splat(0.0f), p * scale);
}

/* erf(x) to about 1.5e-7 (Abramowitz & Stegun 7.1.26). */
ALWAYS_INLINE v8f v8_erf(v8f x) {
    v8i sign = (v8i)x & (v8i){(int)0x80000000, (int)0x80000000, (int)0x80000000, (int)0x80000000,
                             (int)0x80000000, (int)0x80000000, (int)0x80000000, (int)0x80000000};
    v8f a = (v8f)((v8i)x ^ sign);
    v8f t = v8_splat(1.0f) / (v8_splat(1.0f) + v8_splat(0.3275911f) * a);
    v8f p = v8_splat(1.061405429f);
    p = p * t - v8_splat(1.453152027f);
    p = p * t + v8_splat(1.421413741f);
    p = p * t - v8_splat(0.284496736f);
    p = p * t + v8_splat(0.254829592f);
    v8f y = v8_splat(1.0f) - p * t * v8_exp(-(a * a));
    return (v8f)((v8i)y ^ sign);
}

/* tanh(x) via exp, inputs clamped to [-10, 10]. */
ALWAYS_INLINE v8f v8_tanh(v8f x) {
    v8f e = v8_exp(v8_splat(2.0f) * v8_min(v8_max(x, v8_splat(-10.0f)), v8_splat(10.0f)));
    return (e - v8_splat(1.0f)) / (e + v8_splat(1.0f));
}

#endif

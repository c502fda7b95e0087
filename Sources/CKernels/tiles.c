/* Attention weights from logits, pooling into tiles, row statistics and per-row top-k, for the
 * deep-zoom tile engine (TransformerRuntime/Tiles). See CKernels.h. */
#include "CKernels.h"
#include "vector_math.h"
#include <math.h>

ALWAYS_INLINE v8f capped(v8f x, float cap) {
    if (cap > 0) return v8_splat(cap) * v8_tanh(x / v8_splat(cap));
    return x;
}

ALWAYS_INLINE void attention_weights(float *x, long n, float shift, float cap) {
    long full = n & ~7L;
    v8f s = v8_splat(shift);
    for (long i = 0; i < full; i += 8) v8_store(x + i, v8_exp(capped(v8_load(x + i), cap) - s));
    if (full < n) {
        float lanes[8] = {0};
        memcpy(lanes, x + full, (size_t)(n - full) * sizeof(float));
        v8_store(lanes, v8_exp(capped(v8_load(lanes), cap) - s));
        memcpy(x + full, lanes, (size_t)(n - full) * sizeof(float));
    }
}

ALWAYS_INLINE void pool_row(const float *x, long n, long offset, long span, float *pool_max, float *pool_sum) {
    if (span == 1) {
        for (long t = 0; t < n; t++) {
            float v = x[t];
            if (v > pool_max[offset + t]) pool_max[offset + t] = v;
            pool_sum[offset + t] += v;
        }
        return;
    }
    long t = 0;
    while (t < n) {
        long p = (offset + t) / span;
        long end = (p + 1) * span - offset;
        if (end > n) end = n;
        const float *s = x + t;
        long len = end - t, i = 0;
        v8f m = v8_splat(-INFINITY), total = v8_splat(0.0f);
        for (; i + 8 <= len; i += 8) {
            v8f v = v8_load(s + i);
            m = v8_max(m, v);
            total += v;
        }
        float largest = v8_largest(m), sum = v8_sum(total);
        for (; i < len; i++) {
            if (s[i] > largest) largest = s[i];
            sum += s[i];
        }
        if (largest > pool_max[p]) pool_max[p] = largest;
        pool_sum[p] += sum;
        t = end;
    }
}

ALWAYS_INLINE void min_max(const float *x, long n, float *smallest, float *largest) {
    v8f lo = v8_splat(INFINITY), hi = v8_splat(-INFINITY);
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        v8f v = v8_load(x + i);
        lo = v8_min(lo, v);
        hi = v8_max(hi, v);
    }
    float a = *smallest, b = *largest;
    for (int l = 0; l < 8; l++) {
        if (lo[l] < a) a = lo[l];
        if (hi[l] > b) b = hi[l];
    }
    for (; i < n; i++) {
        if (x[i] < a) a = x[i];
        if (x[i] > b) b = x[i];
    }
    *smallest = a;
    *largest = b;
}

/* Inserts (index, value) into the descending list of `count` entries (capacity k): after every
 * entry with a value >= value, so earlier (lower) indices win ties. */
ALWAYS_INLINE void top_k_insert(int *indices, float *values, long *count, long k, int index, float value) {
    long position = *count < k ? *count : k - 1;
    while (position > 0 && values[position - 1] < value) {
        if (position < k) {
            values[position] = values[position - 1];
            indices[position] = indices[position - 1];
        }
        position--;
    }
    values[position] = value;
    indices[position] = index;
    if (*count < k) (*count)++;
}

ALWAYS_INLINE void top_k_row(const float *x, long n, long first_index, long k, int *indices, float *values, long *count) {
    long i = 0;
    while (i < n && *count < k) {
        if (x[i] == x[i]) top_k_insert(indices, values, count, k, (int)(first_index + i), x[i]);
        i++;
    }
    if (*count < k) return;
    float threshold = values[k - 1];
    for (; i + 8 <= n; i += 8) {
        v8f v = v8_load(x + i);
        v8i above = v > v8_splat(threshold);
        int any = 0;
        for (int l = 0; l < 8; l++) any |= above[l];
        if (!any) continue;
        for (int l = 0; l < 8; l++) {
            if (x[i + l] > threshold) {
                top_k_insert(indices, values, count, k, (int)(first_index + i + l), x[i + l]);
                threshold = values[k - 1];
            }
        }
    }
    for (; i < n; i++) {
        if (x[i] > threshold) {
            top_k_insert(indices, values, count, k, (int)(first_index + i), x[i]);
            threshold = values[k - 1];
        }
    }
}

#define ATTNVIZ_DISPATCH(name, params, args)                                   \
    void name##_baseline params { name##_impl args; }                           \
    ATTNVIZ_AVX2 void name##_avx2 params { name##_impl args; }                  \
    void name params {                                                         \
        if (attnviz_kernels_use_avx2()) name##_avx2 args; else name##_baseline args; \
    }

#define attnviz_attention_weights_impl attention_weights
#define attnviz_pool_row_impl pool_row
#define attnviz_min_max_impl min_max
#define attnviz_top_k_row_impl top_k_row

ATTNVIZ_DISPATCH(attnviz_attention_weights, (float *x, long n, float shift, float cap), (x, n, shift, cap))
ATTNVIZ_DISPATCH(attnviz_pool_row, (const float *x, long n, long offset, long span, float *pool_max, float *pool_sum),
                 (x, n, offset, span, pool_max, pool_sum))
ATTNVIZ_DISPATCH(attnviz_min_max, (const float *x, long n, float *smallest, float *largest), (x, n, smallest, largest))
ATTNVIZ_DISPATCH(attnviz_top_k_row, (const float *x, long n, long first_index, long k, int *indices, float *values, long *count),
                 (x, n, first_index, k, indices, values, count))

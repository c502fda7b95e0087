/* Row softmax of attention scores, with an optional causal mask. See CKernels.h. */
#include "CKernels.h"
#include "vector_math.h"
#include <math.h>

ALWAYS_INLINE v8f load_tail(const float *p, long n, float pad) {
    float lanes[8];
    for (long i = 0; i < 8; i++) lanes[i] = i < n ? p[i] : pad;
    return v8_load(lanes);
}

ALWAYS_INLINE void store_tail(float *p, long n, v8f v) {
    float lanes[8];
    v8_store(lanes, v);
    memcpy(p, lanes, (size_t)n * sizeof(float));
}

ALWAYS_INLINE void softmax_rows(float *scores, long rows, long columns, long stride, long causal_offset, float *log_sum_exp) {
    for (long r = 0; r < rows; r++) {
        float *row = scores + r * stride;
        long valid = columns;
        if (causal_offset >= 0 && causal_offset + r + 1 < columns) valid = causal_offset + r + 1;
        if (valid < 1) valid = 1;
        long full = valid & ~7L, rest = valid - full;

        v8f largest = v8_splat(-INFINITY);
        for (long i = 0; i < full; i += 8) largest = v8_max(largest, v8_load(row + i));
        if (rest) largest = v8_max(largest, load_tail(row + full, rest, -INFINITY));
        v8f shift = v8_splat(v8_largest(largest));

        v8f total = v8_splat(0.0f);
        for (long i = 0; i < full; i += 8) {
            v8f e = v8_exp(v8_load(row + i) - shift);
            v8_store(row + i, e);
            total += e;
        }
        if (rest) {
            v8f e = v8_exp(load_tail(row + full, rest, -INFINITY) - shift);
            store_tail(row + full, rest, e);
            total += e;
        }

        float sum = v8_sum(total);
        if (log_sum_exp) log_sum_exp[r] = v8_largest(largest) + logf(sum);
        v8f inverse = v8_splat(1.0f / sum);
        for (long i = 0; i < full; i += 8) v8_store(row + i, v8_load(row + i) * inverse);
        if (rest) store_tail(row + full, rest, load_tail(row + full, rest, 0.0f) * inverse);
        if (valid < columns) memset(row + valid, 0, (size_t)(columns - valid) * sizeof(float));
    }
}

void attnviz_softmax_rows_baseline(float *scores, long rows, long columns, long stride, long causal_offset, float *log_sum_exp) {
    softmax_rows(scores, rows, columns, stride, causal_offset, log_sum_exp);
}

ATTNVIZ_AVX2 void attnviz_softmax_rows_avx2(float *scores, long rows, long columns, long stride, long causal_offset, float *log_sum_exp) {
    softmax_rows(scores, rows, columns, stride, causal_offset, log_sum_exp);
}

void attnviz_softmax_rows(float *scores, long rows, long columns, long stride, long causal_offset, float *log_sum_exp) {
    if (attnviz_kernels_use_avx2()) {
        attnviz_softmax_rows_avx2(scores, rows, columns, stride, causal_offset, log_sum_exp);
    } else {
        attnviz_softmax_rows_baseline(scores, rows, columns, stride, causal_offset, log_sum_exp);
    }
}

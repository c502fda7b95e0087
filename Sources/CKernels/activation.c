/* Feed-forward activations (GELU, GPT-2's tanh GELU, ReLU, SiLU). See CKernels.h. */
#include "CKernels.h"
#include "vector_math.h"

ALWAYS_INLINE v8f activation(v8f x, int kind) {
    switch (kind) {
    case ATTNVIZ_GELU_TANH: {
        v8f inner = v8_splat(0.7978846f) * (x + v8_splat(0.044715f) * x * x * x);
        return v8_splat(0.5f) * x * (v8_splat(1.0f) + v8_tanh(inner));
    }
    case ATTNVIZ_RELU:
        return v8_max(x, v8_splat(0.0f));
    case ATTNVIZ_SILU:
        return x / (v8_splat(1.0f) + v8_exp(-x));
    default:
        return v8_splat(0.5f) * x * (v8_splat(1.0f) + v8_erf(x * v8_splat(0.70710677f)));
    }
}

ALWAYS_INLINE void activate(float *values, long count, int kind) {
    long full = count & ~7L;
    for (long i = 0; i < full; i += 8) v8_store(values + i, activation(v8_load(values + i), kind));
    if (full < count) {
        float lanes[8] = {0};
        memcpy(lanes, values + full, (size_t)(count - full) * sizeof(float));
        v8_store(lanes, activation(v8_load(lanes), kind));
        memcpy(values + full, lanes, (size_t)(count - full) * sizeof(float));
    }
}

void attnviz_activate_baseline(float *values, long count, int kind) { activate(values, count, kind); }

ATTNVIZ_AVX2 void attnviz_activate_avx2(float *values, long count, int kind) { activate(values, count, kind); }

void attnviz_activate(float *values, long count, int kind) {
    if (attnviz_kernels_use_avx2()) {
        attnviz_activate_avx2(values, count, kind);
    } else {
        attnviz_activate_baseline(values, count, kind);
    }
}

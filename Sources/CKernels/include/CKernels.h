#ifndef ATTNVIZ_CKERNELS_H
#define ATTNVIZ_CKERNELS_H

/*
 * The element-wise hot loops of attnviz's forward pass (softmax over attention scores, GELU),
 * written once over 8-lane vectors and compiled twice on x86-64: for AVX2 + FMA and for the
 * baseline ISA. The plain entry points pick the variant once, from the CPU's feature bits;
 * the _baseline and _avx2 entry points exist so tests can check both against a reference.
 * Everything else of the forward pass is Swift (TransformerRuntime) or BLAS.
 */

/* Which variant the plain entry points use: 1 for AVX2 + FMA, 0 for the baseline. */
int attnviz_kernels_use_avx2(void);

/*
 * Softmax of `rows` rows of `scores` (row r starts at scores + r * stride), in place. Row r is
 * normalised over its first valid(r) entries and the rest of its `columns` entries are set to 0,
 * where valid(r) = columns, or, when causal_offset >= 0, min(columns, causal_offset + r + 1).
 * When log_sum_exp is not NULL, log_sum_exp[r] receives row r's log(sum(exp(score))) over its
 * valid entries (its softmax normaliser), so that each weight is exp(score - log_sum_exp[r]).
 */
void attnviz_softmax_rows(float *scores, long rows, long columns, long stride, long causal_offset, float *log_sum_exp);
void attnviz_softmax_rows_baseline(float *scores, long rows, long columns, long stride, long causal_offset, float *log_sum_exp);
void attnviz_softmax_rows_avx2(float *scores, long rows, long columns, long stride, long causal_offset, float *log_sum_exp);

/* Activation kinds for attnviz_activate. */
enum {
    ATTNVIZ_GELU = 0,      /* x * (1 + erf(x / sqrt 2)) / 2 */
    ATTNVIZ_GELU_TANH = 1, /* GPT-2's tanh approximation */
    ATTNVIZ_RELU = 2,
    ATTNVIZ_SILU = 3       /* x / (1 + exp(-x)), SwiGLU's gate */
};

/* Applies the activation `kind` to `count` floats in place. */
void attnviz_activate(float *values, long count, int kind);
void attnviz_activate_baseline(float *values, long count, int kind);
void attnviz_activate_avx2(float *values, long count, int kind);

#endif

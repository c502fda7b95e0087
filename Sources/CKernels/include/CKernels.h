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

/*
 * Tile engine kernels (deep zoom over one head's weights).
 *
 * attnviz_attention_weights: x[t] = exp(c(x[t]) - shift) for t < n, where c(x) = cap * tanh(x / cap)
 * when cap > 0 (attention soft-capping) and x otherwise: logits (already scaled) to weights.
 */
void attnviz_attention_weights(float *x, long n, float shift, float cap);
void attnviz_attention_weights_baseline(float *x, long n, float shift, float cap);
void attnviz_attention_weights_avx2(float *x, long n, float shift, float cap);

/*
 * Pools n cells of a row into pixels of `span` cells: cell t is cell offset + t of the row and
 * belongs to pixel p = (offset + t) / span, which gets pool_max[p] = max(pool_max[p], x[t]) and
 * pool_sum[p] += x[t]. NaN cells are ignored by the max.
 */
void attnviz_pool_row(const float *x, long n, long offset, long span, float *pool_max, float *pool_sum);
void attnviz_pool_row_baseline(const float *x, long n, long offset, long span, float *pool_max, float *pool_sum);
void attnviz_pool_row_avx2(const float *x, long n, long offset, long span, float *pool_max, float *pool_sum);

/* Lowers *smallest and raises *largest to the extremes of x[0..<n] (NaN ignored). */
void attnviz_min_max(const float *x, long n, float *smallest, float *largest);
void attnviz_min_max_baseline(const float *x, long n, float *smallest, float *largest);
void attnviz_min_max_avx2(const float *x, long n, float *smallest, float *largest);

/*
 * Merges x[0..<n] (cell t has index first_index + t) into a row's top-k list: indices/values hold
 * *count <= k entries by descending value, ties by lower index; NaN cells are skipped. Call it on
 * a row's cells in ascending index order (in one or several pieces), starting with *count = 0.
 */
void attnviz_top_k_row(const float *x, long n, long first_index, long k, int *indices, float *values, long *count);
void attnviz_top_k_row_baseline(const float *x, long n, long first_index, long k, int *indices, float *values, long *count);
void attnviz_top_k_row_avx2(const float *x, long n, long first_index, long k, int *indices, float *values, long *count);

#endif

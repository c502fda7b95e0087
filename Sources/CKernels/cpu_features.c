/* Which kernel variant this CPU runs. See CKernels.h. */
#include "CKernels.h"
#include "vector_math.h"

int attnviz_kernels_use_avx2(void) {
#if ATTNVIZ_HAS_AVX2_VARIANT
    static int answer = -1;   /* benign race: every thread computes the same value */
    if (answer < 0) {
        __builtin_cpu_init();
        answer = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }
    return answer;
#else
    return 0;
#endif
}

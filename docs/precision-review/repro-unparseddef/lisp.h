#include <stddef.h>
INLINE ptrdiff_t
SBYTES (const char *s)
{
  ptrdiff_t n = 0;
  while (s[n]) n++;
  return n;
}

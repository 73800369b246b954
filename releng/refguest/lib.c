/*
 * The four functions GCC and Clang may emit calls to even with
 * -ffreestanding (struct copies and zeroing), and nothing else.
 * memset/memcpy use the string instructions so the compiler cannot turn
 * their loops back into calls to themselves.
 */
#include <stddef.h>

void *memset(void *d, int c, size_t n);
void *memcpy(void *restrict d, const void *restrict s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);

void *memset(void *d, int c, size_t n)
{
    void *p = d;
    __asm__ volatile("rep stosb" : "+D"(p), "+c"(n) : "a"(c) : "memory");
    return d;
}

void *memcpy(void *restrict d, const void *restrict s, size_t n)
{
    void *p = d;
    __asm__ volatile("rep movsb" : "+D"(p), "+S"(s), "+c"(n) :: "memory");
    return d;
}

void *memmove(void *d, const void *s, size_t n)
{
    if ((const char *)d <= (const char *)s || (const char *)d >= (const char *)s + n)
        return memcpy(d, s, n);
    /* Overlapping with d above s: copy backwards. */
    void *p = (char *)d + n - 1;
    const void *q = (const char *)s + n - 1;
    __asm__ volatile("std; rep movsb; cld" : "+D"(p), "+S"(q), "+c"(n) :: "memory");
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const volatile unsigned char *p = a, *q = b;
    for (; n--; p++, q++)
        if (*p != *q)
            return *p - *q;
    return 0;
}

/*
 * Test-only stand-in for bcryptprimitives.dll, which Wine 8 lacks: Rust's
 * standard library asks it for random bytes (ProcessPrng) at start-up. It is
 * built by `cargo xtask test` with mingw-w64 and copied into the Wine prefix
 * the installer tests make; it is never shipped.
 */
#include <windows.h>

/* RtlGenRandom, exported by advapi32 under this name. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG part = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, part))
            return FALSE;
        data += part;
        length -= part;
    }
    return TRUE;
}

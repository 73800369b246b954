/*
 * The grant-exhaustion variant (make VARIANT=grant-exhaustion, with the domU model): the grant
 * allocator of the motivating guest.  Its table was one v1 frame (504 usable entries) under a
 * netfront with 256-slot rings, which needs 514; when the table ran dry it waited for a free
 * entry ("Waiting for free grant") instead of failing, and since nothing it waited for would
 * ever end a grant, it waited for ever: frontend state Initialising, backend InitWait, not one
 * RX buffer posted.
 *
 * The model cannot say this (the validator's XG101 and the generated _Static_assert refuse a
 * budget that does not fit), so the variant keeps the valid model and puts its mistakes
 * between the netfront and the generated allocator (ld --wrap): once armed, it lets at most
 * one frame's worth of entries be in use, and waits where the generated code says XG_ENOSPC.
 */
#include "refguest_guest.h"
#include "console.h"

#define ONE_FRAME_USABLE (REFGUEST_GNTTAB_ENTRIES_PER_FRAME - REFGUEST_GNTTAB_RESERVED)
_Static_assert(REFGUEST_GNTTAB_USABLE > ONE_FRAME_USABLE, "the variant needs a model of more than one frame");

int __real_refguest_gnttab_grant_access(domid_t domid, uint64_t gfn, int readonly, grant_ref_t *ref);
int __wrap_refguest_gnttab_grant_access(domid_t domid, uint64_t gfn, int readonly, grant_ref_t *ref);
void grant_wait_arm(void);

static int armed;
volatile uint64_t grant_wait_seconds;   /* read by a debugger: how long it has waited */

void grant_wait_arm(void)
{
    armed = 1;
    xg_printf("refguest: grant-exhaustion variant: at most %u grant entries in use (one frame), "
              "and a wait where the table runs dry\n", (unsigned int)ONE_FRAME_USABLE);
}

static unsigned int in_use(void)
{
    return REFGUEST_GNTTAB_USABLE - refguest_gnttab_free_entries();
}

int __wrap_refguest_gnttab_grant_access(domid_t domid, uint64_t gfn, int readonly, grant_ref_t *ref)
{
    if (armed && in_use() >= ONE_FRAME_USABLE) {
        xg_printf("refguest: Waiting for free grant (%u of %u in use)\n", in_use(), (unsigned int)ONE_FRAME_USABLE);
        uint64_t t0 = xg_plat_now_ns(), next = t0 + 10000000000ull;
        while (in_use() >= ONE_FRAME_USABLE) {   /* nothing will end one: the stall */
            (void)refguest_evtchn_block(xg_plat_now_ns() + 1000000000ull);
            uint64_t now = xg_plat_now_ns();
            grant_wait_seconds = (now - t0) / 1000000000ull;
            if (now >= next) {
                xg_printf("refguest: still waiting for a free grant after %llu s\n",
                          (unsigned long long)grant_wait_seconds);
                next = now + 10000000000ull;
            }
        }
    }
    return __real_refguest_gnttab_grant_access(domid, gfn, readonly, ref);
}

/*
 * The 2-level event-channel protocol of the generated C (NAME_evtchn.c) and
 * Xen's side of it, for spin.  One vCPU, NP ports each in its own selector
 * word, K events sent by Xen.  The guest masks and unmasks ports (rule 1),
 * takes upcalls (rule 2) and waits with the generated wait: cli; check; then
 * "sti; hlt" as one step (rule 4), until it has handled all K events.
 *
 * Verified: when nothing can move any more, the guest has handled every
 * event exactly once and is not asleep with work pending (assertions of the
 * checker, which runs on spin's `timeout`, and in the handler).
 *
 *   spin -a evtchn.pml && gcc -O2 -DSAFETY -o pan pan.c && ./pan    -> errors: 0
 * The motivating guest's mistakes, each must give a counterexample:
 *   -DBUG_MASK_TEST        unmask tests the mask, not pending
 *   -DBUG_CHECK_THEN_HLT   wait checks with interrupts on, then halts
 *   -DBUG_TOGGLE           unmask toggles the mask instead of clearing it
 *   -DBUG_SEL_ORDER        upcall takes the selector before clearing upcall_pending
 */
#define NP 2            /* ports, each in its own selector word */
#ifndef K
#define K 2             /* events Xen raises (0 -> 1 pending transitions); -DK=3 for more */
#endif
#ifndef MAXOPS
#define MAXOPS 2        /* mask/unmask operations of the guest */
#endif

bit pending[NP];        /* shared_info evtchn_pending */
bit mask[NP];           /* shared_info evtchn_mask */
bit sel[NP];            /* vcpu_info evtchn_pending_sel, one word per port */
bit upcall_pending;     /* vcpu_info evtchn_upcall_pending */
bit irr;                /* the vector is raised and not yet taken */
bit IF = 1;             /* the vCPU's interrupt flag */
bit halted;             /* in hlt */
bit in_irq;             /* the upcall handler runs (the guest's main code is preempted) */
byte raised;            /* events: pending went 0 -> 1 */
byte handled;           /* handler calls */
bit done;               /* the guest saw all K handled */

/* vcpu_mark_events_pending: the vector is raised when upcall_pending goes 0 -> 1. */
inline mark_events_pending() {
    if
    :: upcall_pending == 0 -> upcall_pending = 1; irr = 1
    :: else -> skip
    fi
}

/* Xen's evtchn_2l_set_pending, step by step as Xen does it (separate atomics). */
inline xen_send(p) {
    atomic {
        if
        :: pending[p] -> notify = 0          /* coalesced: not a new event */
        :: else -> pending[p] = 1; raised++; notify = 1
        fi
    }
    if
    :: notify ->
        m = mask[p];
        if
        :: !m ->
            atomic { was = sel[p]; sel[p] = 1 };
            if
            :: !was -> atomic { mark_events_pending() }
            :: else -> skip
            fi
        :: else -> skip
        fi
    :: else -> skip
    fi
}

/* Xen's evtchn_2l_unmask (EVTCHNOP_unmask), atomic for the guest. */
inline xen_unmask(p) {
    if
    :: mask[p] ->
        mask[p] = 0;
        if
        :: pending[p] && !sel[p] -> sel[p] = 1; mark_events_pending()
        :: else -> skip
        fi
    :: else -> skip
    fi
}

proctype Xen() {
    byte p; bit notify, m, was;
    do
    :: raised < K ->
        if
        :: p = 0
        :: p = 1
        fi;
        xen_send(p)
    :: raised == K -> break
    od
}

/* The generated upcall (rule 2); taken when interrupts are on and the vector is raised. */
proctype Irq() {
    bit s0, s1, pd, mk;
end:
    do
    :: atomic { IF && irr && !in_irq -> irr = 0; in_irq = 1; IF = 0; halted = 0 }
        do
        :: true ->
#ifdef BUG_SEL_ORDER
            atomic { s0 = sel[0]; s1 = sel[1]; sel[0] = 0; sel[1] = 0 };
            upcall_pending = 0;
#else
            upcall_pending = 0;                                          /* rule 2: first */
            atomic { s0 = sel[0]; s1 = sel[1]; sel[0] = 0; sel[1] = 0 }  /* then xchg the selector */
#endif
            /* each selected word: pending & ~mask, re-read every pass */
            if
            :: s0 ->
                do
                :: pd = pending[0]; mk = mask[0];
                   if
                   :: pd && !mk ->
                       atomic {
                           if
                           :: pending[0] -> pending[0] = 0; handled++; assert(handled <= raised)
                           :: else -> skip
                           fi
                       }
                   :: else -> break
                   fi
                od
            :: else -> skip
            fi;
            if
            :: s1 ->
                do
                :: pd = pending[1]; mk = mask[1];
                   if
                   :: pd && !mk ->
                       atomic {
                           if
                           :: pending[1] -> pending[1] = 0; handled++; assert(handled <= raised)
                           :: else -> skip
                           fi
                       }
                   :: else -> break
                   fi
                od
            :: else -> skip
            fi;
            if
            :: upcall_pending -> skip                                    /* loop while set again */
            :: else -> break
            fi
        od;
        atomic { in_irq = 0; IF = 1 }                                    /* iret */
    od
}

proctype Guest() {
    byte p, ops; bit was, t;
    /* Some mask/unmask pairs and lone unmasks, while Xen sends. */
    do
    :: ops < MAXOPS ->
        if
        :: p = 0
        :: p = 1
        fi;
        if
        :: atomic { !in_irq -> mask[p] = 1 }
        :: skip                                   /* an unmask of an unmasked port is legal */
        fi;
        /* unmask, rule 1 */
#ifdef BUG_TOGGLE
        atomic { !in_irq -> was = mask[p]; mask[p] = 1 - mask[p] };
#else
        atomic { !in_irq -> was = mask[p]; mask[p] = 0 };                /* test-and-clear */
#endif
        if
        :: was ->
#ifdef BUG_MASK_TEST
            atomic { !in_irq -> t = mask[p] };                           /* the bug: the mask */
#else
            atomic { !in_irq -> t = pending[p] };                        /* rule 1: PENDING */
#endif
            if
            :: t ->
                atomic { !in_irq -> mask[p] = 1 };                       /* mask again ... */
                atomic { !in_irq -> xen_unmask(p) }                      /* ... EVTCHNOP_unmask */
            :: else -> skip
            fi
        :: else -> skip
        fi;
        ops++
    :: true -> break
    od;
    /* The generated wait until handled == K (no timer: a lost wake-up sleeps forever). */
    do
    :: true ->
#ifdef BUG_CHECK_THEN_HLT
        /* The bug: look with interrupts on, then halt. */
        if
        :: atomic { !in_irq && handled == K } -> break
        :: atomic { !in_irq && handled != K } ->
            if
            :: atomic { !in_irq && upcall_pending } -> skip
            :: atomic { !in_irq && !upcall_pending } ->
                atomic { !in_irq -> halted = 1 };
                (halted == 0)
            fi
        fi
#else
        atomic { !in_irq -> IF = 0 };                                    /* cli */
        if
        :: handled == K -> IF = 1; break                                 /* ready: restore */
        :: else ->
            if
            :: upcall_pending -> skip
            :: else -> atomic { IF = 1; halted = 1 };                    /* sti; hlt: one step */
                       (halted == 0)
            fi;
            IF = 1                                                       /* restore */
        fi
#endif
    od;
    done = 1
}

/* When nothing can move any more: every event handled once, the guest not asleep. */
active proctype Checker() {
    timeout ->
    assert(done && handled == raised && raised == K && !halted)
}

init {
    atomic {
        run Xen();
        run Irq();
        run Guest()
    }
}
